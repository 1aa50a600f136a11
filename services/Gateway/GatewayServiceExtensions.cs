using Microsoft.AspNetCore.Authorization;
using Migration.Contracts;
using Migration.Gateway.Auth;
using Migration.Gateway.Data;
using Migration.Gateway.Health;
using Migration.Gateway.OpenApi;
using Migration.Gateway.Proxy;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Data;
using Migration.ServiceDefaults.Http;

namespace Migration.Gateway;

public static class GatewayServiceExtensions
{
    public const string AdminKeyConfigKey = "MIGRATION_ADMIN_KEY";

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.AddServiceCredential();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddTrustedProxies(builder.Configuration);

        builder.AddServiceDatabase<GatewayDbContext>(ResourceNames.GatewayDatabase);

        var adminKey = builder.Configuration[AdminKeyConfigKey];
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, o => o.AdminKey = adminKey);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Admin, p => p.RequireRole(ApiKeyAuthenticationHandler.AdminRole))
            .AddPolicy(GatewayPolicies.Operator, p => p.RequireClaim(OperatorClaims.OperatorId));

        builder.Services.AddGatewayRateLimits(builder.Configuration);
        builder.Services.AddGatewayProxy(builder.Configuration);
        builder.Services.AddApiOpenApi(MergedOpenApiDocument.GatewayDocumentName);

        builder.Services.AddHttpClient(DownstreamHealthCheck.ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        var health = builder.Services.AddHealthChecks();
        foreach (var service in ProxyRoutes.HealthCheckedServices)
        {
            health.Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                service, sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), service), null, null));
        }
        return builder;
    }

    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        // First, so that everything after it (rate limits, logs, the request's scheme) sees the client, not the proxy.
        app.UseForwardedHeaders();
        app.UseApiDefaults();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
