using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Migration.Notification.Data;

namespace Migration.Notification.Webhooks;

/// <summary>
/// Turns an event into one delivery row per subscription of its operator that wants it, in the consumer's transaction
/// (with its inbox record), so that a redelivered event adds none twice.
/// </summary>
public static class WebhookDeliveries
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The body every subscriber gets: <c>{ "id", "type", "occurredAt", "data" }</c>, camelCase, never a secret.</summary>
    public static byte[] Body(Guid eventId, string type, DateTimeOffset occurredAt, object data) =>
        JsonSerializer.SerializeToUtf8Bytes(new { id = eventId, type, occurredAt = occurredAt.ToUniversalTime(), data }, Json);

    public static async Task EnqueueAsync(NotificationDbContext db, Guid operatorId, Guid eventId, string type, DateTimeOffset occurredAt,
        object data, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.OperatorId == operatorId && s.Events.Contains(type))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return;
        }
        var body = Body(eventId, type, occurredAt, data);
        var now = clock.GetUtcNow();
        foreach (var subscriptionId in subscriptions)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(),
                SubscriptionId = subscriptionId,
                OperatorId = operatorId,
                EventId = eventId,
                EventType = type,
                Body = body,
                Status = WebhookDelivery.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
    }
}
