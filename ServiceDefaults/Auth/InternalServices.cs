using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Contracts;

namespace Migration.ServiceDefaults.Auth;

/// <summary>Calls between services: who may call an internal endpoint, and a client that calls as this service.</summary>
public static class InternalServices
{
    /// <summary>
    /// An internal endpoint that only the named services (<see cref="ResourceNames"/>) may call: any other authenticated
    /// service gets 403, an unknown credential 401. Never routed by the gateway, so not in the public document.
    /// </summary>
    public static TBuilder RequireInternalCaller<TBuilder>(this TBuilder endpoints, params string[] callers)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(policy => policy.RequireClaim(OperatorClaims.CallingService, callers)).ExcludeFromDescription();

    /// <summary>Whether a call to another service failed because that service could not be reached or did not answer in time.</summary>
    public static bool IsUnreachable(Exception exception) => exception is HttpRequestException or Polly.ExecutionRejectedException;

    /// <summary>
    /// A typed client that calls <paramref name="target"/> (a <see cref="ResourceNames"/> value) as this service: each
    /// request presents this service's own credential, which is what tells the target who calls.
    /// </summary>
    public static IHttpClientBuilder AddInternalServiceClient<TClient>(this IHostApplicationBuilder builder, string target)
        where TClient : class
    {
        builder.AddServiceCredential();
        return builder.Services.AddHttpClient<TClient>(http => http.BaseAddress = new Uri($"http://{target}"))
            .AddHttpMessageHandler<ServiceCredentialHandler>();
    }
}
