namespace Migration.Contracts.Events;

/// <summary>
/// A mailbox's source credential was tried against its source and did not give access. <see cref="Reason"/> is one of
/// <see cref="SourceAccessReasons"/>; <see cref="CredentialReference"/> names the vault entry that was tried, so a result
/// about a credential that has since been replaced changes nothing.
/// </summary>
public sealed record SourceAccessFailed : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid CredentialReference { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
}

/// <summary>The reason codes of API.md for a failed source check, and which of them only a new password can cure.</summary>
public static class SourceAccessReasons
{
    public const string InvalidPassword = "invalidPassword";
    public const string PasswordChanged = "passwordChanged";
    public const string MfaRequired = "mfaRequired";
    public const string AccountLocked = "accountLocked";
    public const string MailboxNotFound = "mailboxNotFound";
    public const string ImpersonationDenied = "impersonationDenied";
    public const string ConsentMissing = "consentMissing";
    public const string InsufficientScope = "insufficientScope";
    public const string ServerUnreachable = "serverUnreachable";
    public const string Throttled = "throttled";

    /// <summary>
    /// R8: the password itself was refused, so the end user is asked for it again. Other failures (a locked account,
    /// an unreachable server, throttling) are not cured by a new password and are the operator's to resolve.
    /// </summary>
    public static bool CredentialRefused(string reason) => reason is InvalidPassword or PasswordChanged;
}
