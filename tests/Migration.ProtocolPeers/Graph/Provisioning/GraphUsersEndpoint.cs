using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>
/// Graph v1.0 users of the caller's tenant: <c>GET /users/{id | userPrincipalName}</c>, <c>GET /users?$filter=...</c>,
/// <c>POST /users</c>, <c>PATCH /users/{id}</c> and <c>DELETE /users/{id}</c>, with Entra's password rule and the real refusals.
/// </summary>
public static partial class GraphUsersEndpoint
{
    public static readonly string[] ReadPermissions = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] WritePermissions = ["User.ReadWrite.All", "Directory.ReadWrite.All"];
    public static readonly string[] PasswordPermissions = ["User.ReadWrite.All", "Directory.ReadWrite.All", "User-PasswordProfile.ReadWrite.All"];

    public static IEndpointRouteBuilder MapGraphUsers(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1.0/users/{user}", (string user, HttpContext context, GraphDirectory directory) =>
            directory.HandleAsync(context, ReadPermissions, write: false, call => Task.FromResult(Get(call, user))));
        routes.MapGet("/v1.0/users", (HttpContext context, GraphDirectory directory) =>
            directory.HandleAsync(context, ReadPermissions, write: false, call => Task.FromResult(List(call))));
        routes.MapPost("/v1.0/users", (HttpContext context, GraphDirectory directory, TimeProvider time) =>
            directory.HandleAsync(context, WritePermissions, write: true, call => CreateAsync(call, time)));
        routes.MapPatch("/v1.0/users/{user}", (string user, HttpContext context, GraphDirectory directory) =>
            directory.HandleAsync(context, PasswordPermissions, write: true, call => UpdateAsync(call, user)));
        routes.MapDelete("/v1.0/users/{user}", (string user, HttpContext context, GraphDirectory directory) =>
            directory.HandleAsync(context, WritePermissions, write: true, call => Task.FromResult(
                call.Tenant.Delete(user) == DirectoryRefusal.UserNotFound ? DirectoryErrors.NotFound(call.Context, user) : Results.NoContent())));
        return routes;
    }

    private static IResult Get(DirectoryCall call, string idOrUpn)
    {
        var (select, unknown) = DirectoryJson.ParseSelect(call.Context.Request);
        if (unknown is not null)
        {
            return DirectoryErrors.UnknownProperty(call.Context, unknown);
        }
        var user = call.Tenant.Find(idOrUpn);
        return user is null ? DirectoryErrors.NotFound(call.Context, idOrUpn) : Results.Json(DirectoryJson.User(user, select));
    }

    private static IResult List(DirectoryCall call)
    {
        var (select, unknown) = DirectoryJson.ParseSelect(call.Context.Request);
        if (unknown is not null)
        {
            return DirectoryErrors.UnknownProperty(call.Context, unknown);
        }
        var filter = call.Context.Request.Query["$filter"].ToString();
        var filtered = !string.IsNullOrWhiteSpace(filter);
        IEnumerable<DestinationUser> users = filtered ? [] : call.Tenant.Users;
        if (filtered)
        {
            var match = EqualsFilter().Match(filter);
            if (!match.Success)
            {
                return DirectoryErrors.UnsupportedQuery(call.Context);
            }
            var value = match.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
            Func<DestinationUser, string?> property = match.Groups["property"].Value.ToLowerInvariant() switch
            {
                "id" => u => u.Id,
                "mail" => u => u.AssignedLicenses.Count > 0 ? u.UserPrincipalName : null,
                "mailnickname" => u => u.MailNickname,
                _ => u => u.UserPrincipalName,
            };
            // By UPN or id the tenant's index answers; only the other properties need a scan.
            users = match.Groups["property"].Value.ToLowerInvariant() is "userprincipalname" or "id"
                ? [.. new[] { call.Tenant.Find(value) }.OfType<DestinationUser>()]
                : call.Tenant.Users;
            users = users.Where(u => string.Equals(property(u), value, StringComparison.OrdinalIgnoreCase));
        }
        if (int.TryParse(call.Context.Request.Query["$top"], out var top) && top > 0)
        {
            users = users.Take(top);
        }
        return Results.Json(DirectoryJson.Users(users, select));
    }

    private static async Task<IResult> CreateAsync(DirectoryCall call, TimeProvider time)
    {
        var context = call.Context;
        if (await GraphDirectory.ReadBodyAsync(context.Request) is not { } body)
        {
            return DirectoryErrors.UnreadableBody(context);
        }
        foreach (var required in new[] { "accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile" })
        {
            if (body[required] is null)
            {
                return DirectoryErrors.MissingProperty(context, required);
            }
        }
        if (Bool(body["accountEnabled"]) is not { } accountEnabled)
        {
            return DirectoryErrors.InvalidProperty(context, "accountEnabled");
        }
        if (Text(body["displayName"]) is not { Length: > 0 and <= 256 } displayName)
        {
            return DirectoryErrors.InvalidProperty(context, "displayName");
        }
        if (Text(body["mailNickname"]) is not { } mailNickname || !MailNickname().IsMatch(mailNickname))
        {
            return DirectoryErrors.InvalidProperty(context, "mailNickname");
        }
        if (Text(body["userPrincipalName"]) is not { } upn || !UserPrincipalName().IsMatch(upn))
        {
            return DirectoryErrors.InvalidProperty(context, "userPrincipalName");
        }
        if (!call.Tenant.AcceptsDomainOf(upn))
        {
            return DirectoryErrors.UnverifiedDomain(context);
        }
        if (body["passwordProfile"] is not JsonObject profile || Text(profile["password"]) is not { } password)
        {
            return DirectoryErrors.MissingProperty(context, "passwordProfile.password");
        }
        if (!PasswordComplexity.Complies(password))
        {
            return DirectoryErrors.PasswordComplexity(context);
        }
        string? usageLocation = null;
        if (body["usageLocation"] is { } location && (usageLocation = UsageLocation(location)) is null)
        {
            return DirectoryErrors.InvalidProperty(context, "usageLocation");
        }
        var user = new DestinationUser
        {
            Id = Guid.NewGuid().ToString(),
            UserPrincipalName = upn,
            DisplayName = displayName,
            MailNickname = mailNickname,
            Password = password,
            AccountEnabled = accountEnabled,
            ForceChangePasswordNextSignIn = Bool(profile["forceChangePasswordNextSignIn"]) ?? true,
            GivenName = Text(body["givenName"]),
            Surname = Text(body["surname"]),
            UsageLocation = usageLocation,
            CreatedDateTime = time.GetUtcNow(),
        };
        if (call.Tenant.Create(user) == DirectoryRefusal.UpnConflict)
        {
            return DirectoryErrors.UpnConflict(context);
        }
        return Results.Created($"https://graph.microsoft.com/v2/{call.Tenant.TenantId}/directoryObjects/{user.Id}/Microsoft.DirectoryServices.User",
            DirectoryJson.User(user, select: null));
    }

    private static async Task<IResult> UpdateAsync(DirectoryCall call, string idOrUpn)
    {
        var context = call.Context;
        if (await GraphDirectory.ReadBodyAsync(context.Request) is not { } body)
        {
            return DirectoryErrors.UnreadableBody(context);
        }
        var changesMoreThanPassword = body.Any(p => p.Key is not ("passwordProfile" or "@odata.type"));
        if (changesMoreThanPassword && !call.Caller.Roles.Overlaps(WritePermissions) && !call.Caller.Scopes.Overlaps(WritePermissions))
        {
            return DirectoryErrors.InsufficientPrivileges(context);
        }
        string? password = null;
        bool? forceChange = null;
        if (body["passwordProfile"] is JsonObject profile)
        {
            password = Text(profile["password"]);
            forceChange = Bool(profile["forceChangePasswordNextSignIn"]);
            if (password is not null && !PasswordComplexity.Complies(password))
            {
                return DirectoryErrors.PasswordComplexity(context);
            }
        }
        string? usageLocation = null;
        if (body["usageLocation"] is { } location && (usageLocation = UsageLocation(location)) is null)
        {
            return DirectoryErrors.InvalidProperty(context, "usageLocation");
        }
        if (body.ContainsKey("displayName") && Text(body["displayName"]) is not { Length: > 0 and <= 256 })
        {
            return DirectoryErrors.InvalidProperty(context, "displayName");
        }
        var refusal = call.Tenant.Update(idOrUpn, user => user with
        {
            Password = password ?? user.Password,
            PasswordChanges = user.PasswordChanges + (password is null ? 0 : 1),
            ForceChangePasswordNextSignIn = forceChange ?? (password is null ? user.ForceChangePasswordNextSignIn : true),
            UsageLocation = usageLocation ?? user.UsageLocation,
            DisplayName = Text(body["displayName"]) ?? user.DisplayName,
            GivenName = body.ContainsKey("givenName") ? Text(body["givenName"]) : user.GivenName,
            Surname = body.ContainsKey("surname") ? Text(body["surname"]) : user.Surname,
            AccountEnabled = Bool(body["accountEnabled"]) ?? user.AccountEnabled,
        }, out _);
        return refusal == DirectoryRefusal.UserNotFound ? DirectoryErrors.NotFound(context, idOrUpn) : Results.NoContent();
    }

    /// <summary>An ISO 3166-1 alpha-2 code, upper case, or null when the value is not one.</summary>
    private static string? UsageLocation(JsonNode location) =>
        Text(location) is { Length: 2 } code && code.All(char.IsAsciiLetter) ? code.ToUpperInvariant() : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool? Bool(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    [GeneratedRegex(@"^\s*(?<property>userPrincipalName|id|mail|mailNickname)\s+eq\s+'(?<value>(?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EqualsFilter();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$")]
    private static partial Regex MailNickname();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}@[A-Za-z0-9.\-]+\.[A-Za-z0-9\-]+$")]
    private static partial Regex UserPrincipalName();
}
