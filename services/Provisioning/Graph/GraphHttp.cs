using Migration.ServiceDefaults.Http;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Migration.Provisioning.Graph;

/// <summary>
/// The HTTP clients of Graph and Entra ID. Not the service defaults' standard resilience handler, nor Graph's own
/// RetryHandler: their retries of a POST would be second creates, and a 429 is the write quotas' business
/// (<see cref="Quotas.WriteQuotas"/>), which block the scope for every replica. Instead one Polly pipeline: a time limit
/// for every attempt, and retries after a 5xx, a timeout or a broken connection for reads (GET) only. A write that fails
/// so is not repeated blindly: its job looks again (GET) before it writes again.
/// </summary>
public static class GraphHttp
{
    public const string GraphClient = "graph";
    public const string TokenClient = "entra";

    public static IServiceCollection AddGraphHttpClients(this IServiceCollection services)
    {
        var graph = services.AddHttpClient(GraphClient, client => client.Timeout = Timeout.InfiniteTimeSpan);
#pragma warning disable EXTEXP0001 // experimental, and the only way to take a default handler off one client
        graph.RemoveAllResilienceHandlers();
        services.AddHttpClient(TokenClient, client => client.Timeout = TimeSpan.FromSeconds(30)).RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);
#pragma warning restore EXTEXP0001
        // Graph's middleware (redirects, parameter names, telemetry headers), without its RetryHandler.
        var middleware = GraphMiddleware().Count;
        for (var i = 0; i < middleware; i++)
        {
            var index = i;
            graph.AddHttpMessageHandler(() => GraphMiddleware()[index]);
        }
        graph.AddResilienceHandler("graph-calls", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GraphOptions>>().Value;
            if (options.ReadRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.ReadRetries,
                    Delay = options.ReadRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(IsRead(args.Context) && IsTransient(args.Outcome)),
                });
            }
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        graph.ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);
        return services;
    }

    private static List<DelegatingHandler> GraphMiddleware() =>
        [.. GraphClientFactory.CreateDefaultHandlers().Where(handler => handler is not RetryHandler)];

    private static bool IsRead(ResilienceContext context) => context.GetRequestMessage()?.Method == HttpMethod.Get;

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.RequestTimeout } => true,
        { Result.StatusCode: var status } when (int)status >= 500 => true,
        _ => false,
    };

    private static HttpMessageHandler CreatePrimaryHandler(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GraphOptions>>().Value;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 64,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = CertificateTrust.SystemRootsOr(options.TrustedCertificateFile);
        return handler;
    }
}
