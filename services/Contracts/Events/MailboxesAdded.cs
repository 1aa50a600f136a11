namespace Migration.Contracts.Events;

/// <summary>A batch of mailboxes added to a project; a large import publishes one event per batch.</summary>
public sealed record MailboxesAdded : IProjectEvent
{
    /// <summary>Most mailboxes one event carries, so that messages stay small.</summary>
    public const int MaxMailboxesPerEvent = 1000;

    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required IReadOnlyList<AddedMailbox> Mailboxes { get; init; }
}

public sealed record AddedMailbox(Guid MailboxId, string SourceAddress, string DestinationUpn, string? DisplayName);
