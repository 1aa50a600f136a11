using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>
/// Licences of the caller's tenant: <c>POST /v1.0/users/{id}/assignLicense</c> (seats counted, usage location required)
/// and <c>GET /v1.0/subscribedSkus</c> (seats and consumed units of each subscription).
/// </summary>
public static class GraphLicensesEndpoint
{
    public static readonly string[] AssignPermissions = ["LicenseAssignment.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"];

    public static readonly string[] SkuPermissions =
        ["LicenseAssignment.Read.All", "LicenseAssignment.ReadWrite.All", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    public static IEndpointRouteBuilder MapGraphLicenses(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1.0/users/{user}/assignLicense", (string user, HttpContext context, GraphDirectory directory) =>
            directory.HandleAsync(context, AssignPermissions, write: true, call => AssignAsync(call, user)));
        routes.MapGet("/v1.0/subscribedSkus", (HttpContext context, GraphDirectory directory) =>
            directory.HandleAsync(context, SkuPermissions, write: false, call => Task.FromResult<IResult>(Results.Json(DirectoryJson.SubscribedSkus(call.Tenant)))));
        return routes;
    }

    private static async Task<IResult> AssignAsync(DirectoryCall call, string idOrUpn)
    {
        var context = call.Context;
        if (await GraphDirectory.ReadBodyAsync(context.Request) is not { } body)
        {
            return DirectoryErrors.UnreadableBody(context);
        }
        var missing = new[] { "addLicenses", "removeLicenses" }.Where(p => body[p] is not JsonArray).ToList();
        if (missing.Count > 0)
        {
            return GraphErrors.Error(context, 400, "Request_BadRequest",
                $"One or more parameters of the operation 'assignLicense' are missing from the request payload. The missing parameters are: {string.Join(", ", missing)}.");
        }
        var add = new List<Guid>();
        foreach (var license in body["addLicenses"]!.AsArray())
        {
            if (license?["skuId"] is not JsonValue value || !value.TryGetValue<string>(out var text) || !Guid.TryParse(text, out var skuId))
            {
                return GraphErrors.Error(context, 400, "Request_BadRequest", "Invalid value specified for property 'skuId' of resource 'AssignedLicense'.");
            }
            add.Add(skuId);
        }
        var remove = new List<Guid>();
        foreach (var removed in body["removeLicenses"]!.AsArray())
        {
            if (removed is not JsonValue value || !value.TryGetValue<string>(out var text) || !Guid.TryParse(text, out var skuId))
            {
                return GraphErrors.Error(context, 400, "Request_BadRequest", "Invalid value specified for property 'removeLicenses' of resource 'User'.");
            }
            remove.Add(skuId);
        }
        return call.Tenant.AssignLicenses(idOrUpn, add, remove, out var user, out var refusedSku) switch
        {
            DirectoryRefusal.UserNotFound => DirectoryErrors.NotFound(context, idOrUpn),
            DirectoryRefusal.UnknownSku => DirectoryErrors.UnknownSku(context, refusedSku),
            DirectoryRefusal.InvalidUsageLocation => DirectoryErrors.InvalidUsageLocation(context),
            DirectoryRefusal.NoFreeSeat => DirectoryErrors.NoFreeSeat(context, refusedSku),
            _ => Results.Json(DirectoryJson.User(user!, select: null)),
        };
    }
}
