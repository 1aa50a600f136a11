using System.Security.Cryptography.X509Certificates;

namespace Migration.IntegrationTests.Peers;

/// <summary>Where the running protocol peers answer (https), and the self-signed certificate a client must trust to reach them.</summary>
public sealed record ProtocolPeersConnection(Uri BaseUrl, string CertificateFile)
{
    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = BaseUrl };

    /// <summary>A handler that trusts the peers' certificate only, for clients built by an SDK (Graph, Azure.Identity).</summary>
    public HttpClientHandler CreateHandler()
    {
        var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile));
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trusted.GetCertHash()),
        };
    }

    public Uri EwsUrl => new(BaseUrl, "EWS/Exchange.asmx");

    public EntraPeerClient Entra => new(CreateClient());

    public GraphPeerClient Graph => new(CreateClient());

    public GraphProvisioningPeerClient GraphProvisioning => new(CreateClient());

    public EwsPeerClient Ews => new(CreateClient());
}
