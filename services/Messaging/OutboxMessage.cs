namespace Migration.Messaging;

/// <summary>An event waiting to be published; it commits in the same transaction as the change that caused it.</summary>
public sealed class OutboxMessage
{
    /// <summary>Also the MassTransit message id, so that consumers can recognise a redelivery.</summary>
    public Guid Id { get; init; }
    public long Sequence { get; init; }
    public required string MessageType { get; init; }
    public required string Payload { get; init; }
    public Guid CorrelationId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the row was set aside as unpublishable (see <see cref="OutboxOptions.MaxAttempts"/>); it is not tried again.</summary>
    public DateTimeOffset? ParkedAt { get; set; }
}

/// <summary>A message a consumer has already handled, recorded in the same transaction as its effect.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public required string Consumer { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}
