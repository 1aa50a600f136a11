using Migration.Contracts.Events;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>Every mailbox of a project is ready: a <c>projectReady</c> delivery to each subscription that wants it.</summary>
public sealed class ProjectReadyWebhookConsumer(NotificationDbContext db, TimeProvider clock) : WebhookEventConsumer<ProjectReady>(db, clock)
{
    protected override WebhookEvent Describe(ProjectReady m) => new(m.OperatorId, WebhookEvents.ProjectReady, m.ReadyAt,
        new { projectId = m.ProjectId, mailboxes = m.Mailboxes, readyAt = m.ReadyAt });
}
