using System.Text.Json.Nodes;
using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.ProtocolPeers.Entra;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/token</c>: the client-credentials grant (app-only tokens whose <c>roles</c> are the
/// consented application permissions) and the resource-owner password grant (delegated tokens with <c>scp</c>), refusing
/// as Entra ID does, in the order it checks: the client first, then the user.
/// </summary>
public static class EntraTokenEndpoint
{
    public const string GraphAudience = "https://graph.microsoft.com";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(60);

    public static async Task<IResult> HandleAsync(string tenant, HttpRequest request, EntraDirectory directory, EntraSigningKey key,
        GraphTenants tenants)
    {
        // A token's tid is the tenant's id even when the URL names one of its domains; any tenant id is accepted.
        tenant = tenants.TokenTenantId(tenant);
        var authorityHost = $"{request.Scheme}://{request.Host}";
        if (!request.HasFormContentType)
        {
            return EntraError.MissingParameter("grant_type").ToResult(authorityHost);
        }
        var form = await request.ReadFormAsync();
        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

        var grantType = Field("grant_type");
        var clientId = Field("client_id") ?? "";
        var username = Field("username");
        if (directory.Faults.TakeNext(username ?? clientId) is { } fault)
        {
            var unavailable = EntraError.Unavailable(fault, request.HttpContext.Response);
            directory.Record(new TokenRequestRecord(grantType ?? "", clientId, username, unavailable.Code, DateTimeOffset.UtcNow));
            return unavailable.ToResult(authorityHost);
        }
        var (result, code) = grantType switch
        {
            null => Refuse(EntraError.MissingParameter("grant_type")),
            "client_credentials" => ClientCredentials(tenant, clientId, Field("client_secret"), Field("scope"), directory, key),
            "password" => Password(tenant, clientId, Field("client_secret"), username, Field("password"), Field("scope"), directory, key),
            _ => Refuse(EntraError.UnsupportedGrantType()),
        };
        directory.Record(new TokenRequestRecord(grantType ?? "", clientId, username, code?.Code, DateTimeOffset.UtcNow));
        return result is null ? code!.ToResult(authorityHost) : Results.Json(result);
    }

    private static (JsonObject?, EntraError?) Refuse(EntraError error) => (null, error);

    private static (JsonObject?, EntraError?) ClientCredentials(string tenant, string clientId, string? secret, string? scope,
        EntraDirectory directory, EntraSigningKey key)
    {
        if (ConfidentialClient(tenant, clientId, secret, directory, out var app) is { } refused)
        {
            return Refuse(refused);
        }
        if (scope is null)
        {
            return Refuse(EntraError.MissingParameter("scope"));
        }
        if (!scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            return Refuse(EntraError.ScopeNotDefault(scope));
        }
        var claims = BaseClaims(tenant, app!);
        claims["oid"] = DeterministicId(app!.ClientId);
        claims["idtyp"] = "app";
        // Without admin consent Entra still issues the token, with no roles in it: the resource is what refuses.
        if (app.AdminConsented && app.ApplicationPermissions.Length > 0)
        {
            claims["roles"] = new JsonArray([.. app.ApplicationPermissions.Select(p => JsonValue.Create(p))]);
        }
        return (TokenResponse(key.Sign(claims), scope: null), null);
    }

    private static (JsonObject?, EntraError?) Password(string tenant, string clientId, string? secret, string? username, string? password,
        string? scope, EntraDirectory directory, EntraSigningKey key)
    {
        var app = directory.FindApp(clientId);
        if (app is null || (app.TenantId is not null && app.TenantId != tenant))
        {
            return Refuse(EntraError.UnknownApplication(clientId, tenant));
        }
        if (!app.IsPublicClient && ConfidentialClient(tenant, clientId, secret, directory, out _) is { } refused)
        {
            return Refuse(refused);
        }
        if (username is null || password is null)
        {
            return Refuse(EntraError.MissingParameter(username is null ? "username" : "password"));
        }
        var user = directory.FindUser(username);
        var refusal = user switch
        {
            null => EntraError.UserNotFound(tenant),
            { Locked: true } => EntraError.AccountLocked(),
            _ when user.Password != password => EntraError.InvalidUsernameOrPassword(),
            { Disabled: true } => EntraError.AccountDisabled(),
            { PasswordExpired: true } => EntraError.PasswordExpired(),
            { MfaRegistrationRequired: true } => EntraError.MfaRegistrationRequired(),
            { MfaRequired: true } => EntraError.MfaRequired(),
            _ when !app.AdminConsented => EntraError.ConsentRequired(app),
            _ => null,
        };
        if (refusal is not null)
        {
            return Refuse(refusal);
        }
        var claims = BaseClaims(tenant, app);
        claims["oid"] = user!.ObjectId;
        claims["upn"] = user.Upn;
        claims["unique_name"] = user.Upn;
        claims["scp"] = string.Join(' ', app.DelegatedPermissions);
        return (TokenResponse(key.Sign(claims), string.Join(' ', app.DelegatedPermissions.Select(p => $"{GraphAudience}/{p}"))), null);
    }

    private static EntraError? ConfidentialClient(string tenant, string clientId, string? secret, EntraDirectory directory, out RegisteredApp? app)
    {
        app = directory.FindApp(clientId);
        if (app is null || (app.TenantId is not null && app.TenantId != tenant))
        {
            return EntraError.UnknownApplication(clientId, tenant);
        }
        if (secret is null)
        {
            return EntraError.ClientSecretMissing();
        }
        return app.Secret == secret ? null : EntraError.InvalidClientSecret(clientId);
    }

    private static JsonObject BaseClaims(string tenant, RegisteredApp app)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["aud"] = GraphAudience,
            ["iss"] = $"https://sts.windows.net/{tenant}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(Lifetime).ToUnixTimeSeconds(),
            ["appid"] = app.ClientId,
            ["app_displayname"] = app.DisplayName,
            ["tid"] = tenant,
            ["ver"] = "1.0",
        };
    }

    private static JsonObject TokenResponse(string accessToken, string? scope)
    {
        var response = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)Lifetime.TotalSeconds - 1,
            ["ext_expires_in"] = (int)Lifetime.TotalSeconds - 1,
            ["access_token"] = accessToken,
        };
        if (scope is not null)
        {
            response["scope"] = scope;
        }
        return response;
    }

    private static string DeterministicId(string value) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)).AsSpan(0, 16)).ToString();
}
