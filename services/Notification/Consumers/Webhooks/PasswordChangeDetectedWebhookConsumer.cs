using Migration.Contracts.Events;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>
/// A source password was changed after it was verified (R8): a <c>passwordChanged</c> delivery to each subscription that
/// wants it. The event's credential reference is internal and is not passed on.
/// </summary>
public sealed class PasswordChangeDetectedWebhookConsumer(NotificationDbContext db, TimeProvider clock)
    : WebhookEventConsumer<PasswordChangeDetected>(db, clock)
{
    protected override WebhookEvent Describe(PasswordChangeDetected m) => new(m.OperatorId, WebhookEvents.PasswordChanged, m.DetectedAt,
        new { projectId = m.ProjectId, mailboxId = m.MailboxId, detectedAt = m.DetectedAt });
}
