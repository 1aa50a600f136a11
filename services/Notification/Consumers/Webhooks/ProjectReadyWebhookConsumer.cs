using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;

namespace Migration.Notification.Consumers.Webhooks;

/// <summary>Every mailbox of a project is ready: a <c>projectReady</c> delivery to each subscription that wants it.</summary>
public sealed class ProjectReadyWebhookConsumer(NotificationDbContext db, TimeProvider clock)
    : IdempotentConsumer<ProjectReady, NotificationDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<ProjectReady> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        return WebhookDeliveries.EnqueueAsync(Db, m.OperatorId, context.MessageId!.Value, WebhookEvents.ProjectReady, m.ReadyAt,
            new { projectId = m.ProjectId, mailboxes = m.Mailboxes, readyAt = m.ReadyAt },
            clock, cancellationToken);
    }
}
