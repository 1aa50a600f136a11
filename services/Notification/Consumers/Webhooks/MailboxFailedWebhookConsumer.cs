using Migration.Contracts.Events;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>A mailbox went to failed: a <c>mailboxFailed</c> delivery, with the reason code, to each subscription that wants it.</summary>
public sealed class MailboxFailedWebhookConsumer(NotificationDbContext db, TimeProvider clock) : WebhookEventConsumer<MailboxFailed>(db, clock)
{
    protected override WebhookEvent Describe(MailboxFailed m) => new(m.OperatorId, WebhookEvents.MailboxFailed, m.FailedAt,
        new
        {
            projectId = m.ProjectId, mailboxId = m.MailboxId, sourceAddress = m.SourceAddress, destinationUpn = m.DestinationUpn,
            reason = m.Reason, failedAt = m.FailedAt,
        });
}
