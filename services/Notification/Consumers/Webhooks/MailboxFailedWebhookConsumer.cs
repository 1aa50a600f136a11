using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>A mailbox went to failed: a <c>mailboxFailed</c> delivery, with the reason code, to each subscription that wants it.</summary>
public sealed class MailboxFailedWebhookConsumer(NotificationDbContext db, TimeProvider clock)
    : IdempotentConsumer<MailboxFailed, NotificationDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<MailboxFailed> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return WebhookDeliveries.EnqueueAsync(Db, m.OperatorId, context.MessageId!.Value, WebhookEvents.MailboxFailed, m.FailedAt,
            new
            {
                projectId = m.ProjectId, mailboxId = m.MailboxId, sourceAddress = m.SourceAddress, destinationUpn = m.DestinationUpn,
                reason = m.Reason, failedAt = m.FailedAt,
            },
            clock, cancellationToken);
    }
}
