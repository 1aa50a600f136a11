namespace Migration.SourceAccess.Verification.Imap;

/// <summary>Section <c>SourceAccess:Imap</c>: how long an IMAP check waits for the server.</summary>
public sealed class ImapVerifierOptions
{
    /// <summary>TCP connect, TLS handshake and greeting together.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each command's answer (AUTHENTICATE, EXAMINE, LOGOUT).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
