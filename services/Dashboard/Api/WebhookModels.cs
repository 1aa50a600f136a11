namespace Migration.Dashboard.Api;

/// <summary>The body of <c>POST /v1/webhooks</c> (API.md): the secret goes to the platform and is never answered back.</summary>
public sealed record NewWebhook(string Url, IReadOnlyList<string> Events, string Secret)
{
    // A record's text would show its members: the secret must not reach a log line by accident.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Url = {Url}, Events = [{string.Join(", ", Events)}]");
        return true;
    }
}

/// <summary>A subscription as the API answers it, without its secret.</summary>
public sealed record WebhookView(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);

public sealed record WebhookAttemptView(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <summary>One event's delivery to a subscription: <c>pending</c> (tried again at <see cref="NextTryAt"/>), <c>delivered</c> or <c>failed</c>.</summary>
public sealed record WebhookDeliveryView(string Id, string EventId, string EventType, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? NextTryAt, IReadOnlyList<WebhookAttemptView> Attempts);
