namespace Migration.Contracts.Events;

/// <summary>
/// A mailbox's source or destination password, or a project's source-access grant (impersonation admin, Entra app or
/// Google service account), which the vault keeps under the project's id as its mailbox.
/// </summary>
public enum CredentialKind { Source, Destination, SourceAccessGrant }

public enum CredentialSubmitter { Operator, EndUser }

/// <summary>
/// A credential was stored in the vault. It carries a reference to the vault entry, never the secret: a consumer that
/// needs the secret reads it through the vault's internal API, and that read is audited.
/// </summary>
public sealed record CredentialSubmitted : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required CredentialKind Kind { get; init; }
    public required Guid CredentialReference { get; init; }
    public required CredentialSubmitter SubmittedBy { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>The operator declared the project complete; its credentials are to be purged.</summary>
public sealed record ProjectCompleted : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}

/// <summary>Every credential of the project is gone from the vault and its reception links are revoked.</summary>
public sealed record CredentialsPurged : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required int CredentialsDeleted { get; init; }
    public required string Reason { get; init; }
}

/// <summary>
/// An end user has given everything their project needs from them (R8: the moment for the don't-change-your-password
/// notice). It carries their contact details, so the notice needs no call back to the vault; never a secret or a link.
/// </summary>
public sealed record EndUserCredentialsCompleted : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Reception.EndUserContact Contact { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}

/// <summary>
/// One end user of a completed project is to get the completion notice: the notification service fans a
/// <see cref="ProjectCompleted"/> out into one of these per recipient, so that each is sent once, on its own. It carries
/// contact details only, never a link.
/// </summary>
public sealed record CompletionNoticeRequested : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Reception.EndUserContact Contact { get; init; }
}
