using Migration.ServiceDefaults.Http;
using Microsoft.Extensions.Options;

namespace Migration.SourceAccess.Verification;

/// <summary>
/// The HTTP client every check uses (EWS, Entra ID, Graph, Google). No retry handler: <see cref="ResilientVerifier"/>
/// retries a whole check, so that one check never makes more than one authentication attempt per try. It trusts the
/// system's roots and, when configured, the protocol peers' own certificate.
/// </summary>
public static class SourceHttp
{
    public const string ClientName = "source";

    public static IServiceCollection AddSourceHttpClient(this IServiceCollection services)
    {
        // The service defaults give every client the standard resilience handler: its retries would be further sign-ins.
#pragma warning disable EXTEXP0001 // experimental, and the only way to take a default handler off one client
        services.AddHttpClient(ClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .ConfigurePrimaryHttpMessageHandler(provider => CreateHandler(provider.GetRequiredService<IOptions<SourceEndpointOptions>>().Value));
        return services;
    }

    public static HttpClient Create(this IHttpClientFactory factory) => factory.CreateClient(ClientName);

    public static SocketsHttpHandler CreateHandler(SourceEndpointOptions options)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) };
        handler.SslOptions.RemoteCertificateValidationCallback = CertificateTrust.SystemRootsOr(options.TrustedCertificateFile);
        return handler;
    }
}
