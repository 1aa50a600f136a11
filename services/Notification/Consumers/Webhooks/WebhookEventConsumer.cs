using MassTransit;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>What an event tells subscribers: its operator, its webhook type, when it happened, and its operator-facing data.</summary>
public sealed record WebhookEvent(Guid OperatorId, string Type, DateTimeOffset OccurredAt, object Data);

/// <summary>
/// An event becomes one delivery per subscription of its operator that wants it, in the same transaction as the inbox
/// record (see <see cref="WebhookDeliveries"/>); the event's message id is the webhook event's id.
/// </summary>
public abstract class WebhookEventConsumer<TMessage>(NotificationDbContext db, TimeProvider clock)
    : IdempotentConsumer<TMessage, NotificationDbContext>(db)
    where TMessage : class
{
    protected abstract WebhookEvent Describe(TMessage message);

    protected sealed override Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken)
    {
        var described = Describe(context.Message);
        return WebhookDeliveries.EnqueueAsync(Db, described.OperatorId, context.MessageId!.Value, described.Type, described.OccurredAt,
            described.Data, clock, cancellationToken);
    }
}
