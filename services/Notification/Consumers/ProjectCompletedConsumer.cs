using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>When a project completes, every end user who was invited learns that the move is done and the credentials deleted.</summary>
public sealed class ProjectCompletedConsumer(NotificationDbContext db, EndUserContacts contacts, EndUserMailer mailer)
    : IdempotentConsumer<ProjectCompleted, NotificationDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProjectCompleted> context, CancellationToken cancellationToken)
    {
        foreach (var contact in await contacts.InvitedAsync(context.Message.ProjectId, cancellationToken))
        {
            await mailer.SendAsync(context.Message.OperatorId, context.Message.ProjectId, EmailTemplate.Completion, contact, cancellationToken);
        }
    }
}
