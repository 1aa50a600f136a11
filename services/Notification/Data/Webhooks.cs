namespace Migration.Notification.Data;

/// <summary>An operator's webhook subscription. The secret is stored encrypted only (see SecretProtector).</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }
    public required string Url { get; set; }
    public required List<string> Events { get; set; }
    public required byte[] ProtectedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One event to deliver to one subscription, with its tries: a row of its own, so that no subscriber waits for another.</summary>
public sealed class WebhookDelivery
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public Guid Id { get; init; }
    public Guid SubscriptionId { get; init; }
    public Guid OperatorId { get; init; }

    /// <summary>The event's id: the message id of the event it comes from, the same for every subscription and every try.</summary>
    public Guid EventId { get; init; }
    public required string EventType { get; init; }

    /// <summary>The exact bytes that are signed and sent.</summary>
    public required byte[] Body { get; init; }
    public required string Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When a worker may next take it; a worker that takes it pushes it past its own try (a lease).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The worker's claim, so that a try whose lease ran out cannot overwrite a newer one.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<WebhookAttempt> AttemptLog { get; init; } = [];
}

public sealed class WebhookAttempt
{
    public long Id { get; init; }
    public Guid DeliveryId { get; init; }
    public int Number { get; init; }
    public DateTimeOffset At { get; init; }
    public int? StatusCode { get; init; }

    /// <summary>Why a try failed without a status code: a kind (timeout, connectionFailed, addressRefused, ...), never a text from the receiver.</summary>
    public string? Error { get; init; }
    public int DurationMs { get; init; }
}
