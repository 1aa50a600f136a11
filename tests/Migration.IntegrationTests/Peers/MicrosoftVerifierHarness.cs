using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Migration.SourceAccess.Verification;

namespace Migration.IntegrationTests.Peers;

/// <summary>
/// The Microsoft verifiers as the source-access service builds them (its real registrations and options, read from
/// configuration), pointed at the running peers; retries shortened so that a test of them need not wait long.
/// </summary>
public sealed class MicrosoftVerifierHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    public MicrosoftVerifierHarness(ProtocolPeersConnection peers, string publicClientId = PeerDemo.PublicClientId, Uri? entraAuthorityHost = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SourceAccess:Endpoints:EntraAuthorityHost"] = (entraAuthorityHost ?? peers.BaseUrl).ToString(),
            ["SourceAccess:Endpoints:GraphBaseUrl"] = new Uri(peers.BaseUrl, "v1.0/").ToString(),
            ["SourceAccess:Endpoints:TrustedCertificateFile"] = peers.CertificateFile,
            ["SourceAccess:Office365:PublicClientId"] = publicClientId,
            ["SourceAccess:Retries:MaxRetries"] = "3",
            ["SourceAccess:Retries:BaseDelay"] = "00:00:00.200",
            ["SourceAccess:Retries:MaxDelay"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SourceEndpointOptions>().BindConfiguration("SourceAccess:Endpoints");
        services.AddOptions<VerificationRetryOptions>().BindConfiguration("SourceAccess:Retries");
        services.AddSourceHttpClient();
        services.AddMicrosoftVerifiers();
        services.AddSingleton<ResilientVerifier>();
        _provider = services.BuildServiceProvider();
    }

    public ResilientVerifier Resilient => _provider.GetRequiredService<ResilientVerifier>();

    public ISourceVerifier For(SourceKind kind, AccessMethod method) =>
        _provider.GetServices<ISourceVerifier>().Single(v => v.Handles(kind, method));

    public void Dispose() => _provider.Dispose();
}

/// <summary>Ids of the peers' seeded demo directory (tests/Migration.ProtocolPeers/Seed/microsoft.json).</summary>
public static class PeerDemo
{
    public const string PublicClientId = "33333333-3333-4333-8333-333333333333";
}
