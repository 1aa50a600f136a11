using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>One end user's completion notice, sent once: a notice the message log shows as sent is not sent again.</summary>
public sealed class CompletionNoticeRequestedConsumer(NotificationDbContext db, EndUserMailer mailer)
    : IdempotentConsumer<CompletionNoticeRequested, NotificationDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<CompletionNoticeRequested> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var alreadySent = await Db.Messages.AnyAsync(m => m.ProjectId == message.ProjectId && m.MailboxId == message.Contact.MailboxId
                                                          && m.Template == nameof(EmailTemplate.Completion) && m.Result == SentMessage.Sent, cancellationToken);
        if (!alreadySent)
        {
            await mailer.SendAsync(message.OperatorId, message.ProjectId, EmailTemplate.Completion, message.Contact, cancellationToken);
        }
    }
}
