using System.Security.Cryptography.X509Certificates;

namespace Migration.IntegrationTests.Peers;

/// <summary>Where the running protocol peers answer (https), and the self-signed certificate a client must trust to reach them.</summary>
public sealed record ProtocolPeersConnection(Uri BaseUrl, string CertificateFile)
{
    public HttpClient CreateClient()
    {
        var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trusted.GetCertHash()),
        };
        return new HttpClient(handler) { BaseAddress = BaseUrl };
    }

    public Uri EwsUrl => new(BaseUrl, "EWS/Exchange.asmx");

    public EntraPeerClient Entra => new(CreateClient());

    public GraphPeerClient Graph => new(CreateClient());

    public EwsPeerClient Ews => new(CreateClient());
}
