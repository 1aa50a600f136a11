using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>One end user's completion notice, sent once: a notice the message log shows as sent is not sent again.</summary>
public sealed class CompletionNoticeRequestedConsumer(NotificationDbContext db, EndUserMailer mailer)
    : IdempotentConsumer<CompletionNoticeRequested, NotificationDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<CompletionNoticeRequested> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        return mailer.SendOnceAsync(message.OperatorId, message.ProjectId, EmailTemplate.Completion, message.Contact, cancellationToken);
    }
}
