namespace Migration.Contracts.Events;

/// <summary>
/// A mailbox reached <c>ready</c>: everything its project requires is received and verified, and provisioning is done or
/// not needed. Published once per time the mailbox becomes ready (again after a password change, for instance).
/// </summary>
public sealed record MailboxReady : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string SourceAddress { get; init; }
    public required string DestinationUpn { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
}

/// <summary>A mailbox went to <c>failed</c>; <see cref="Reason"/> is a camelCase reason code of API.md.</summary>
public sealed record MailboxFailed : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string SourceAddress { get; init; }
    public required string DestinationUpn { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset FailedAt { get; init; }
}

/// <summary>Every mailbox of the project is ready (published when the last one gets there).</summary>
public sealed record ProjectReady : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required int Mailboxes { get; init; }
    public required DateTimeOffset ReadyAt { get; init; }
}
