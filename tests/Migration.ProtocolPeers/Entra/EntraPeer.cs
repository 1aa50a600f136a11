using System.Text.Json.Nodes;
using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.ProtocolPeers.Entra;

/// <summary>
/// Entra ID's token service for any tenant id: the v2.0 token endpoint, the discovery documents MSAL and Azure.Identity
/// read, the signing keys, and <c>/peer/entra/...</c> for tests (apps, users, password changes, the token requests seen).
/// </summary>
public static class EntraPeer
{
    public static IServiceCollection AddEntraPeer(this IServiceCollection services) =>
        services.AddSingleton<EntraDirectory>().AddSingleton<EntraSigningKey>().AddSingleton<GraphTenants>();

    public static IEndpointRouteBuilder MapEntraPeer(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", EntraTokenEndpoint.HandleAsync).DisableAntiforgery();
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpRequest request) =>
            Results.Json(OpenIdConfiguration(Authority(request), tenant)));
        routes.MapGet("/{tenant}/discovery/v2.0/keys", (EntraSigningKey key) => Results.Json(new JsonObject { ["keys"] = new JsonArray(key.PublicJwk()) }));
        routes.MapGet("/common/discovery/instance", (HttpRequest request) => Results.Json(InstanceDiscovery(request)));

        var admin = routes.MapGroup("/peer/entra");
        admin.MapPost("/apps", (RegisteredApp app, EntraDirectory directory) =>
        {
            directory.Register(app);
            return Results.NoContent();
        });
        admin.MapPost("/users", (DirectoryUser user, EntraDirectory directory) =>
        {
            directory.Add(user);
            return Results.NoContent();
        });
        admin.MapPut("/users/{upn}/password", (string upn, PasswordChange change, EntraDirectory directory) =>
            directory.ChangePassword(upn, change.Password) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/faults", (FaultRequest fault, EntraDirectory directory) =>
        {
            directory.Faults.Inject(fault);
            return Results.NoContent();
        });
        admin.MapGet("/token-requests", (EntraDirectory directory) => directory.TokenRequests);
        admin.MapDelete("/token-requests", (EntraDirectory directory) =>
        {
            directory.ClearRecords();
            return Results.NoContent();
        });
        return routes;
    }

    private static string Authority(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private static JsonObject OpenIdConfiguration(string authority, string tenant) => new()
    {
        ["token_endpoint"] = $"{authority}/{tenant}/oauth2/v2.0/token",
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
        ["jwks_uri"] = $"{authority}/{tenant}/discovery/v2.0/keys",
        ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
        ["subject_types_supported"] = new JsonArray("pairwise"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
        ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
        ["issuer"] = $"{authority}/{tenant}/v2.0",
        ["request_uri_parameter_supported"] = false,
        ["authorization_endpoint"] = $"{authority}/{tenant}/oauth2/v2.0/authorize",
        ["device_authorization_endpoint"] = $"{authority}/{tenant}/oauth2/v2.0/devicecode",
        ["end_session_endpoint"] = $"{authority}/{tenant}/oauth2/v2.0/logout",
        ["tenant_region_scope"] = null,
        ["cloud_instance_name"] = "microsoftonline.com",
        ["msgraph_host"] = "graph.microsoft.com",
    };

    private static JsonObject InstanceDiscovery(HttpRequest request)
    {
        var host = request.Host.ToString();
        return new JsonObject
        {
            ["tenant_discovery_endpoint"] = $"{Authority(request)}/common/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new JsonArray(new JsonObject
            {
                ["preferred_network"] = host,
                ["preferred_cache"] = host,
                ["aliases"] = new JsonArray(host),
            }),
        };
    }
}

public sealed record PasswordChange(string Password);
