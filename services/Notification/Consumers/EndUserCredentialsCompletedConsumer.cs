using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>
/// R8: once an end user has given everything asked of them, a separate notice asks them not to change their password;
/// one per mailbox, so a password given again after a refusal brings no second notice.
/// </summary>
public sealed class EndUserCredentialsCompletedConsumer(NotificationDbContext db, EndUserMailer mailer)
    : IdempotentConsumer<EndUserCredentialsCompleted, NotificationDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<EndUserCredentialsCompleted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        return mailer.SendOnceAsync(message.OperatorId, message.ProjectId, EmailTemplate.DontChangePassword, message.Contact, cancellationToken);
    }
}
