using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>
/// When a project completes, every end user who was invited learns that the move is done and the credentials deleted:
/// one <see cref="CompletionNoticeRequested"/> per recipient, so that a failure at one recipient resends nobody else's.
/// </summary>
public sealed class ProjectCompletedConsumer(NotificationDbContext db, EndUserContacts contacts, TimeProvider clock)
    : IdempotentConsumer<ProjectCompleted, NotificationDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProjectCompleted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        foreach (var contact in await contacts.InvitedAsync(message.ProjectId, cancellationToken))
        {
            Db.AddEvent(new CompletionNoticeRequested
            {
                OperatorId = message.OperatorId,
                ProjectId = message.ProjectId,
                CorrelationId = message.CorrelationId,
                Contact = contact with { ReceptionUrl = null, ExpiresAt = null },
            }, clock);
        }
    }
}
