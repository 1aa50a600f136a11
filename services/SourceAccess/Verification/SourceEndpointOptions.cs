namespace Migration.SourceAccess.Verification;

/// <summary>
/// The cloud endpoints a check talks to (section <c>SourceAccess:Endpoints</c>). The defaults are the real services; a
/// local run and the tests point them at the protocol peers in tests/, which the code cannot otherwise tell apart.
/// </summary>
public sealed class SourceEndpointOptions
{
    public Uri EntraAuthorityHost { get; set; } = new("https://login.microsoftonline.com/");
    public Uri GraphBaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0/");
    public Uri GoogleTokenUrl { get; set; } = new("https://oauth2.googleapis.com/token");
    public Uri GmailBaseUrl { get; set; } = new("https://gmail.googleapis.com/");

    /// <summary>A PEM certificate trusted besides the system's (the peers' self-signed one); never set in production.</summary>
    public string? TrustedCertificateFile { get; set; }
}
