using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>A mailbox became ready: a <c>mailboxReady</c> delivery to each subscription that wants it.</summary>
public sealed class MailboxReadyWebhookConsumer(NotificationDbContext db, TimeProvider clock)
    : IdempotentConsumer<MailboxReady, NotificationDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<MailboxReady> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return WebhookDeliveries.EnqueueAsync(Db, m.OperatorId, context.MessageId!.Value, WebhookEvents.MailboxReady, m.ReadyAt,
            new { projectId = m.ProjectId, mailboxId = m.MailboxId, sourceAddress = m.SourceAddress, destinationUpn = m.DestinationUpn, readyAt = m.ReadyAt },
            clock, cancellationToken);
    }
}
