using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Imap;

/// <summary>What a refused AUTHENTICATE means: a reason to report, or a fault that may pass (retried).</summary>
public sealed record ImapRefusal(string Reason, bool MayPass);

/// <summary>
/// The response codes of RFC 5530 (and RFC 3501's ALERT-free NO) on a refused AUTHENTICATE, as Dovecot sends them:
/// <c>[AUTHENTICATIONFAILED]</c> for a wrong password or unknown user (a server does not say which),
/// <c>[CONTACTADMIN]</c> for a login disabled by the administrator (Dovecot's <c>nologin</c>),
/// <c>[EXPIRED]</c> for an expired password, <c>[UNAVAILABLE]</c> when its authentication back end is down.
/// </summary>
public static class ImapResponseCode
{
    public static ImapRefusal ForRefusedLogin(string? code) => code?.ToUpperInvariant() switch
    {
        "UNAVAILABLE" or "INUSE" => new(SourceAccessReasons.ServerUnreachable, MayPass: true),
        "LIMIT" => new(SourceAccessReasons.Throttled, MayPass: true),
        "EXPIRED" => new(SourceAccessReasons.PasswordExpired, MayPass: false),
        // The credentials may be right, but this identity may not log in (disabled, or not allowed to act as itself).
        "CONTACTADMIN" or "AUTHORIZATIONFAILED" => new(SourceAccessReasons.AccountDisabled, MayPass: false),
        // The server wants TLS: the project's useTls setting is wrong, which no new password cures.
        "PRIVACYREQUIRED" => new(SourceAccessReasons.InternalError, MayPass: false),
        _ => new(SourceAccessReasons.InvalidPassword, MayPass: false),
    };

    /// <summary>A refused EXAMINE INBOX after a successful login.</summary>
    public static ImapRefusal ForRefusedExamine(string? code) => code?.ToUpperInvariant() switch
    {
        "UNAVAILABLE" or "INUSE" => new(SourceAccessReasons.ServerUnreachable, MayPass: true),
        "LIMIT" => new(SourceAccessReasons.Throttled, MayPass: true),
        "NONEXISTENT" => new(SourceAccessReasons.MailboxNotFound, MayPass: false),
        "NOPERM" or "CONTACTADMIN" => new(SourceAccessReasons.AccountDisabled, MayPass: false),
        _ => new(SourceAccessReasons.InternalError, MayPass: false),
    };

    /// <summary>The code of a tagged status line, e.g. <c>A00000001 NO [AUTHENTICATIONFAILED] Authentication failed.</c>.</summary>
    public static string? OfTaggedLine(string line)
    {
        var parts = line.Split(' ', 3);
        if (parts.Length < 3 || parts[0] is "*" or "+" || !parts[2].StartsWith('['))
        {
            return null;
        }
        var end = parts[2].IndexOfAny([']', ' ']);
        return end > 1 ? parts[2][1..end] : null;
    }
}
