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

/// <summary>
/// A mailbox's source credential (or, for impersonation and OAuth, the project's grant) opened the source mailbox.
/// <see cref="CredentialReference"/> names the vault entry that was tried.
/// </summary>
public sealed record SourceAccessVerified : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid CredentialReference { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
}

/// <summary>
/// R8: a source password that had been verified is refused now (the user changed it). Published besides the
/// <see cref="SourceAccessFailed"/> with reason <c>passwordChanged</c>, for the operator (webhooks).
/// </summary>
public sealed record PasswordChangeDetected : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid CredentialReference { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
}

/// <summary>An operator asked for a mailbox's source access to be checked again now (<c>POST .../verify</c>).</summary>
public sealed record SourceVerificationRequested : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>
/// The project-level grant for impersonation or OAuth (<c>PUT .../source-access</c>) was stored in the vault as
/// <see cref="CredentialReference"/> (kind <see cref="CredentialKind.SourceAccessGrant"/>); it is to be checked at once
/// against <see cref="TestMailbox"/>, or the project's first mailbox when none is named.
/// </summary>
public sealed record SourceAccessGrantSubmitted : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid CredentialReference { get; init; }
    public string? TestMailbox { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>The preflight of a project grant: <see cref="FailureReason"/> is null when it gave access to the test mailbox.</summary>
public sealed record SourceAccessGrantChecked : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid CredentialReference { get; init; }
    public required string TestMailbox { get; init; }
    public string? FailureReason { get; init; }
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
    public const string AccountDisabled = "accountDisabled";
    public const string PasswordExpired = "passwordExpired";
    public const string InternalError = "internalError";

    /// <summary>Faults that may pass by themselves: the check is tried again later.</summary>
    public static bool MayPass(string reason) => reason is ServerUnreachable or Throttled;

    /// <summary>
    /// R8: the password itself was refused, so the end user is asked for it again. Other failures (a locked account,
    /// an unreachable server, throttling) are not cured by a new password and are the operator's to resolve.
    /// </summary>
    public static bool CredentialRefused(string reason) => reason is InvalidPassword or PasswordChanged;
}
