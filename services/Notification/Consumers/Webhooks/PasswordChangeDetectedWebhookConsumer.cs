using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>
/// A source password was changed after it was verified (R8): a <c>passwordChanged</c> delivery to each subscription that
/// wants it. The event's credential reference is internal and is not passed on.
/// </summary>
public sealed class PasswordChangeDetectedWebhookConsumer(NotificationDbContext db, TimeProvider clock)
    : IdempotentConsumer<PasswordChangeDetected, NotificationDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<PasswordChangeDetected> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return WebhookDeliveries.EnqueueAsync(Db, m.OperatorId, context.MessageId!.Value, WebhookEvents.PasswordChanged, m.DetectedAt,
            new { projectId = m.ProjectId, mailboxId = m.MailboxId, detectedAt = m.DetectedAt },
            clock, cancellationToken);
    }
}
