using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Migration.ServiceDefaults.Http;

/// <summary>
/// TLS trust for calls to outside services: the system's roots and, when configured, the one certificate of a PEM file
/// (the protocol peers' self-signed one in tests and local runs).
/// </summary>
public static class CertificateTrust
{
    public static RemoteCertificateValidationCallback SystemRootsOr(string? trustedCertificateFile)
    {
        if (trustedCertificateFile is not { Length: > 0 } file)
        {
            return static (_, _, _, errors) => errors == SslPolicyErrors.None;
        }
        // The certificate alone: CreateFromPemFile(file) would look for its private key in the same file.
        using var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(file));
        var trustedHash = trusted.GetCertHash();
        return (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None
            || (certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trustedHash));
    }
}
