using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Migration.SourceAccess.Verification;

/// <summary>
/// The TLS trust of every check (IMAP, and the "source" HttpClient): the system's roots and, when configured, the one
/// certificate of <see cref="SourceEndpointOptions.TrustedCertificateFile"/>.
/// </summary>
public static class SourceCertificateTrust
{
    public static RemoteCertificateValidationCallback Create(SourceEndpointOptions options)
    {
        if (options.TrustedCertificateFile is not { Length: > 0 } file)
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
