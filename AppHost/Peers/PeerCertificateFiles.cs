using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Migration.AppHost.Infrastructure;
using Migration.Contracts;

namespace Migration.AppHost.Peers;

/// <summary>
/// The protocol peers' self-signed certificate for localhost and 127.0.0.1, made once per state folder (PEM certificate,
/// private key mode 0600). Only the peers serve it and only the services' "source" client trusts it, by its hash.
/// </summary>
public sealed record PeerCertificateFiles(string CertificateFile, string KeyFile)
{
    public static PeerCertificateFiles In(string stateDirectory) =>
        new(Path.Combine(stateDirectory, "protocol-peers", "certificate.pem"), Path.Combine(stateDirectory, "protocol-peers", "key.pem"));

    public static PeerCertificateFiles GetOrCreate(StateDirectory state)
    {
        var files = In(state.Path);
        if (!File.Exists(files.CertificateFile) || !File.Exists(files.KeyFile))
        {
            StateDirectory.CreateTraversable(Path.GetDirectoryName(files.CertificateFile)!);
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=Migration protocol peers", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
            // The key first: a certificate file without its key would be taken as complete next time.
            PrivateFile.Replace(files.KeyFile, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(files.CertificateFile, certificate.ExportCertificatePem());
        }
        return files;
    }
}
