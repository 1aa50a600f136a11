using Migration.Contracts;
using Migration.Gateway.Auth;
using Migration.ServiceDefaults.Auth;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Migration.Gateway.Proxy;

/// <summary>Which public paths go to which service. Internal endpoints are never listed here.</summary>
public static class ProxyRoutes
{
    public static readonly IReadOnlyList<string> RoutedServices = [ResourceNames.MigrationsService, ResourceNames.CredentialReception, ResourceNames.Notification];

    /// <summary>The operators' web UI: routed and health-checked like the services, but it has no API of its own to document.</summary>
    public static readonly IReadOnlyList<string> HealthCheckedServices = [.. RoutedServices, ResourceNames.Dashboard];

    /// <summary>Where the dashboard is served; it signs operators in itself (by cookie) and calls the API back through here.</summary>
    public const string DashboardPrefix = "/dashboard";

    // More specific templates win over the catch-all, whatever their order here.
    private static readonly RouteConfig[] Routes =
    [
        Route("projects", "/v1/projects/{**rest}", ResourceNames.MigrationsService),
        Route("bulk-credentials", "/v1/projects/{projectId}/credentials", ResourceNames.CredentialReception),
        Route("mailbox-credentials", "/v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/{kind}", ResourceNames.CredentialReception),
        Route("invitations", "/v1/projects/{projectId}/invitations", ResourceNames.CredentialReception),
        Route("source-access", "/v1/projects/{projectId}/source-access", ResourceNames.CredentialReception),
        Route("webhooks", "/v1/webhooks/{**rest}", ResourceNames.Notification),
        Anonymous(Route("reception-api", "/v1/reception/{token}", ResourceNames.CredentialReception)),
        Anonymous(Route("reception-page", "/reception/{token}", ResourceNames.CredentialReception)),
        // The original Host reaches the dashboard, so that its redirects and its circuit's URLs are this origin's.
        Anonymous(Route("dashboard", DashboardPrefix + "/{**rest}", ResourceNames.Dashboard)) with
        {
            Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
        },
    ];

    public static IServiceCollection AddGatewayProxy(this IServiceCollection services, IConfiguration configuration)
    {
        RouteConfig[] routes = configuration.GetValue(BenchmarkBaseline.EnabledSetting, false)
            ? [.. Routes, Anonymous(Route("benchmark-baseline", BenchmarkBaseline.Path, ResourceNames.CredentialReception)),
                Anonymous(Route("benchmark-baseline-with-event", BenchmarkBaseline.WithEventPath, ResourceNames.CredentialReception))]
            : Routes;
        var clusters = HealthCheckedServices.Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig> { ["default"] = new() { Address = $"http://{service}" } },
        }).ToArray();

        services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(transforms => transforms.AddRequestTransform(context =>
            {
                var headers = context.ProxyRequest.Headers;
                headers.Remove(ServiceHeaders.OperatorId);
                headers.Remove(ServiceHeaders.OperatorName);
                headers.Remove(ServiceHeaders.ServiceCredential);
                headers.Authorization = null;
                var user = context.HttpContext.User;
                // Anonymous routes (Password Reception) reach anonymous endpoints: they carry no operator and no credential.
                // The gateway's own credential is what lets the services trust the operator header: only the gateway's may carry one.
                if (user.HasClaim(c => c.Type == OperatorClaims.OperatorId))
                {
                    headers.Add(ServiceHeaders.OperatorId, user.GetOperatorId().ToString());
                    headers.Add(ServiceHeaders.OperatorName, Uri.EscapeDataString(user.GetOperatorName()));
                    headers.Add(ServiceHeaders.ServiceCredential, context.HttpContext.RequestServices.GetRequiredService<ServiceCredential>().Value);
                }
                return ValueTask.CompletedTask;
            }));
        return services;
    }

    /// <summary>Whether a public path (or path template) is reached without a key.</summary>
    public static bool IsAnonymous(string path) => AnonymousPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] AnonymousPrefixes =
        [.. Routes.Where(r => r.AuthorizationPolicy == AnonymousPolicy).Select(r => r.Match.Path![..r.Match.Path!.IndexOf('{')])];

    /// <summary>Reached by end users without a key: the link's token is the authority; limited per token and per address.</summary>
    private static RouteConfig Anonymous(RouteConfig route) =>
        route with { AuthorizationPolicy = AnonymousPolicy, RateLimiterPolicy = null };

    private const string AnonymousPolicy = "Anonymous";

    private static RouteConfig Route(string id, string path, string cluster) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path },
        AuthorizationPolicy = GatewayPolicies.Operator,
        RateLimiterPolicy = RateLimits.PerCaller,
    };
}
