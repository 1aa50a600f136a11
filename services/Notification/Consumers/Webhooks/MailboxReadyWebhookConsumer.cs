using Migration.Contracts.Events;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>A mailbox became ready: a <c>mailboxReady</c> delivery to each subscription that wants it.</summary>
public sealed class MailboxReadyWebhookConsumer(NotificationDbContext db, TimeProvider clock) : WebhookEventConsumer<MailboxReady>(db, clock)
{
    protected override WebhookEvent Describe(MailboxReady m) => new(m.OperatorId, WebhookEvents.MailboxReady, m.ReadyAt,
        new { projectId = m.ProjectId, mailboxId = m.MailboxId, sourceAddress = m.SourceAddress, destinationUpn = m.DestinationUpn, readyAt = m.ReadyAt });
}
