using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Migration.ProtocolPeers.Entra;
using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.ProtocolPeers.Graph;

/// <summary>One request Graph answered, as the tests read it.</summary>
public sealed record GraphRequestRecord(string Path, string? User, int Status, DateTimeOffset At);

/// <summary>What the Graph peer saw, and the faults it still owes.</summary>
public sealed class GraphState
{
    private readonly ConcurrentQueue<GraphRequestRecord> _requests = new();

    public InjectedFaults Faults { get; } = new();

    public void Record(GraphRequestRecord record) => _requests.Enqueue(record);

    public IReadOnlyList<GraphRequestRecord> Requests => [.. _requests];

    public void Clear() => _requests.Clear();
}

/// <summary>
/// Microsoft Graph's mail folders: <c>GET /v1.0/users/{upn}/mailFolders/inbox</c> for app-only tokens holding a mail
/// application permission, and <c>GET /v1.0/me/mailFolders/inbox</c> for delegated ones; every token checked against the
/// Entra peer's signing key. <c>/peer/graph/...</c>: the requests seen, and 429/503 for the next requests.
/// </summary>
public static class GraphPeer
{
    private static readonly string[] ApplicationMailPermissions = ["Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic", "Mail.ReadBasic.All"];
    private static readonly string[] DelegatedMailPermissions = ["Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic", "Mail.Read.Shared"];

    public static IServiceCollection AddGraphPeer(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GraphTenants>();
        services.AddSingleton(provider => new WriteQuotas(provider.GetRequiredService<TimeProvider>())
        {
            Options = provider.GetRequiredService<IConfiguration>().GetSection("Peers:Graph").Get<GraphQuotaOptions>() ?? new GraphQuotaOptions(),
        });
        return services.AddSingleton<GraphDirectory>().AddSingleton<GraphState>();
    }

    public static IEndpointRouteBuilder MapGraphPeer(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1.0/users/{user}/mailFolders/{folder}", (string user, string folder, HttpContext context, EntraDirectory directory,
            EntraSigningKey key, GraphState state) => Answer(context, state, user, user, () => UserInbox(context, user, folder, directory, key)));
        routes.MapGet("/v1.0/me/mailFolders/{folder}", (string folder, HttpContext context, EntraDirectory directory, EntraSigningKey key,
            GraphState state) => Answer(context, state, "me", GraphCaller.From(context.Request, key).Caller?.Upn, () => MyInbox(context, folder, directory, key)));

        routes.MapGraphUsers();
        routes.MapGraphLicenses();
        routes.MapGraphDirectoryAdmin();

        var admin = routes.MapGroup("/peer/graph");
        admin.MapPost("/faults", (FaultRequest fault, GraphState state) =>
        {
            state.Faults.Inject(fault);
            return Results.NoContent();
        });
        admin.MapGet("/requests", (GraphState state) => state.Requests);
        admin.MapDelete("/requests", (GraphState state) =>
        {
            state.Clear();
            return Results.NoContent();
        });
        return routes;
    }

    private static IResult Answer(HttpContext context, GraphState state, string user, string? faultUser, Func<IResult> answer)
    {
        var result = state.Faults.TakeNext(faultUser) is { } fault ? GraphErrors.Fault(context, fault) : answer();
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        state.Record(new GraphRequestRecord(context.Request.Path, user, status, DateTimeOffset.UtcNow));
        return result;
    }

    private static IResult UserInbox(HttpContext context, string user, string folder, EntraDirectory directory, EntraSigningKey key)
    {
        var (caller, refusal) = GraphCaller.From(context.Request, key);
        if (caller is null)
        {
            return GraphErrors.InvalidToken(context, refusal!);
        }
        var allowed = caller.IsAppOnly
            ? caller.Roles.Overlaps(ApplicationMailPermissions)
            : caller.Scopes.Overlaps(DelegatedMailPermissions) && string.Equals(caller.Upn, user, StringComparison.OrdinalIgnoreCase);
        if (!allowed)
        {
            return GraphErrors.AccessDenied(context);
        }
        var owner = directory.FindUser(user);
        return owner is null ? GraphErrors.InvalidUser(context, user) : Inbox(context, owner, folder, $"users('{Uri.EscapeDataString(owner.Upn)}')");
    }

    private static IResult MyInbox(HttpContext context, string folder, EntraDirectory directory, EntraSigningKey key)
    {
        var (caller, refusal) = GraphCaller.From(context.Request, key);
        if (caller is null)
        {
            return GraphErrors.InvalidToken(context, refusal!);
        }
        if (caller.IsAppOnly)
        {
            return GraphErrors.Error(context, 400, "BadRequest", "/me request is only valid with delegated authentication flow.");
        }
        if (!caller.Scopes.Overlaps(DelegatedMailPermissions))
        {
            return GraphErrors.AccessDenied(context);
        }
        var owner = directory.FindUserById(caller.UserObjectId!);
        return owner is null ? GraphErrors.InvalidUser(context, caller.Upn!) : Inbox(context, owner, folder, $"users('{caller.UserObjectId}')");
    }

    private static IResult Inbox(HttpContext context, DirectoryUser owner, string folder, string contextPath)
    {
        if (!owner.HasMailbox)
        {
            return GraphErrors.MailboxNotEnabled(context);
        }
        if (!folder.Equals("inbox", StringComparison.OrdinalIgnoreCase))
        {
            return GraphErrors.Error(context, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }
        var id = $"AAMkA{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(owner.ObjectId))}AAAAAAEMAAA=";
        return Results.Json(new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#{contextPath}/mailFolders/$entity",
            ["id"] = id,
            ["displayName"] = "Inbox",
            ["parentFolderId"] = $"AAMkA{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(owner.ObjectId))}AAAAAAEIAAA=",
            ["childFolderCount"] = 0,
            ["unreadItemCount"] = 0,
            ["totalItemCount"] = 0,
            ["sizeInBytes"] = 0,
            ["isHidden"] = false,
        });
    }
}
