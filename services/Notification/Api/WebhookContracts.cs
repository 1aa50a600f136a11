using System.ComponentModel.DataAnnotations;

namespace Migration.Notification.Api;

// Requests have nullable members so that a missing field is answered with a field error, not a parse failure;
// [Required] marks the ones the OpenAPI document lists as required.

public sealed record CreateWebhookRequest
{
    /// <summary>Where deliveries are POSTed: an absolute https URL that resolves to public addresses only.</summary>
    [Required]
    public string? Url { get; init; }

    /// <summary>Any of mailboxReady, mailboxFailed, passwordChanged, projectReady.</summary>
    [Required]
    public List<string?>? Events { get; init; }

    /// <summary>The HMAC-SHA256 key of the X-Signature-256 header, 16 to 256 characters. Stored encrypted; never answered back.</summary>
    [Required]
    public string? Secret { get; init; }

    // A record's text shows that it has a secret, never what it is: records end up in log lines by accident.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Url = {Url}, Events = [{string.Join(", ", Events ?? [])}], Secret = {Migration.Contracts.Redaction.Of(Secret)}");
        return true;
    }
}

/// <summary>A subscription as answered: never its secret.</summary>
public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);

public sealed record WebhookAttemptResponse(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <summary>
/// One event's delivery to the subscription: <c>pending</c> (tries go on at <see cref="NextTryAt"/>), <c>delivered</c>
/// (a 2xx was answered) or <c>failed</c> (no 2xx within the retry period).
/// </summary>
public sealed record WebhookDeliveryResponse(
    Guid Id, Guid EventId, string EventType, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    DateTimeOffset? NextTryAt, IReadOnlyList<WebhookAttemptResponse> Attempts);
