using MassTransit;
using Microsoft.EntityFrameworkCore;
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
    protected override async Task HandleAsync(ConsumeContext<EndUserCredentialsCompleted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var alreadySent = await Db.Messages.AnyAsync(m => m.MailboxId == message.MailboxId && m.Template == nameof(EmailTemplate.DontChangePassword)
                                                      && m.Result == SentMessage.Sent, cancellationToken);
        if (!alreadySent)
        {
            await mailer.SendAsync(message.OperatorId, message.ProjectId, EmailTemplate.DontChangePassword, message.Contact, cancellationToken);
        }
    }
}
