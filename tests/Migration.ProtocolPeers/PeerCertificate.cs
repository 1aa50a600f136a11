using System.Security.Cryptography.X509Certificates;

namespace Migration.ProtocolPeers;

/// <summary>
/// The peers listen on https only: Azure.Identity refuses an authority host that is not https. The certificate comes from
/// PEM files (<c>Peers:CertificateFile</c>, <c>Peers:KeyFile</c>), which the AppHost generates once per state folder.
/// </summary>
public static class PeerCertificate
{
    public static WebApplicationBuilder UsePeerCertificate(this WebApplicationBuilder builder)
    {
        var certificateFile = builder.Configuration["Peers:CertificateFile"];
        var keyFile = builder.Configuration["Peers:KeyFile"];
        if (string.IsNullOrEmpty(certificateFile) || string.IsNullOrEmpty(keyFile))
        {
            throw new InvalidOperationException("Peers:CertificateFile and Peers:KeyFile must name the PEM certificate and key to serve https with.");
        }
        // Loaded into a PKCS#12 blob once: on Linux a certificate straight from PEM has an ephemeral key, which SslStream refuses.
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        return builder;
    }
}
