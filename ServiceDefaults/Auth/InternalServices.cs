using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Contracts;

namespace Migration.ServiceDefaults.Auth;

/// <summary>
/// Calls between services: who may call an internal endpoint, and how a client proves which service it is. Both sides
/// live here so that a change of the services' identities (one credential per service) changes this file only.
/// </summary>
public static class InternalServices
{
    /// <summary>An internal endpoint that only the named services (<see cref="ResourceNames"/>) may call.</summary>
    public static TBuilder RequireInternalCaller<TBuilder>(this TBuilder endpoints, params string[] callers)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(policy => policy.RequireClaim(OperatorClaims.CallingService, callers)).ExcludeFromDescription();

    /// <summary>Whether a call to another service failed because that service could not be reached or did not answer in time.</summary>
    public static bool IsUnreachable(Exception exception) => exception is HttpRequestException or Polly.ExecutionRejectedException;

    /// <summary>A typed client that calls <paramref name="target"/> as <paramref name="caller"/> (both <see cref="ResourceNames"/>).</summary>
    public static IHttpClientBuilder AddInternalServiceClient<TClient>(this IHostApplicationBuilder builder, string target, string caller)
        where TClient : class =>
        builder.Services.AddHttpClient<TClient>((services, http) =>
        {
            http.BaseAddress = new Uri($"http://{target}");
            http.DefaultRequestHeaders.Add(ServiceHeaders.ServiceCredential, services.GetRequiredService<ServiceCredential>().Value);
            http.DefaultRequestHeaders.Add(ServiceHeaders.CallingService, caller);
        });
}
