using Migration.Contracts;

namespace Migration.SourceAccess.Verification;

public enum SourceKind { Exchange, Office365, Google, Imap }

public enum AccessMethod { Password, Impersonation, Oauth }

/// <summary>Where and how a project's source is reached (the project's <c>source</c> settings of API.md).</summary>
public sealed record SourceSettings
{
    public required SourceKind Kind { get; init; }
    public required AccessMethod Method { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public bool? UseTls { get; init; }
    public string? EwsUrl { get; init; }
    public string? TenantId { get; init; }
    public string? GoogleDomain { get; init; }
}

/// <summary>
/// What a check signs in with. For password access: the mailbox's login name and password. For a project grant:
/// the Exchange admin account and its password, the Entra app's client id and secret, or (Google) no name and the
/// service account's JSON key as <see cref="Secret"/>.
/// </summary>
public sealed record SourceSecret(string? Name, string Secret)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Name = {Name}, Secret = {Redaction.Of(Secret)}");
        return true;
    }
}

/// <summary>One check: can <see cref="MailboxAddress"/> be opened at <see cref="Source"/> with <see cref="Secret"/>.</summary>
public sealed record VerificationRequest(SourceSettings Source, string MailboxAddress, SourceSecret Secret);

/// <summary>The answer of a check: verified, or refused with one of <see cref="Contracts.Events.SourceAccessReasons"/>.</summary>
public sealed record VerificationOutcome(string? FailureReason)
{
    public static readonly VerificationOutcome Verified = new((string?)null);

    public bool IsVerified => FailureReason is null;

    public static VerificationOutcome Failed(string reason) => new(reason);
}

/// <summary>
/// Proves access to one source mailbox for the (kind, method) pairs it handles, without reading any mail. A definite
/// answer (verified, or refused with a reason) is returned; a fault that may pass (connection refused, timeout, 5xx,
/// 429) is thrown as <see cref="SourceUnavailableException"/> so that the caller retries it. Never more than one
/// authentication attempt per call: repeated failed logins lock accounts at the source.
/// </summary>
public interface ISourceVerifier
{
    bool Handles(SourceKind kind, AccessMethod method);

    Task<VerificationOutcome> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// The source could not answer now: <see cref="Reason"/> is <c>serverUnreachable</c> or <c>throttled</c>, the outcome
/// if retries run out; <see cref="RetryAfter"/> is what the source asked for, if it said.
/// </summary>
public sealed class SourceUnavailableException(string reason, TimeSpan? retryAfter, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Reason { get; } = reason;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
