using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>R8: once an end user has given their credentials, a separate notice asks them not to change their password.</summary>
public sealed class EndUserCredentialSubmittedConsumer(NotificationDbContext db, EndUserContacts contacts, EndUserMailer mailer)
    : IdempotentConsumer<CredentialSubmitted, NotificationDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<CredentialSubmitted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        if (message.SubmittedBy != CredentialSubmitter.EndUser)
        {
            return;
        }
        // One notice per mailbox, once nothing more is needed from the user: not one per password. The lock makes the
        // events of one submission (source and destination arrive together) take turns, so the second sees the first's log.
        await Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({message.MailboxId.ToString()}, 0))", cancellationToken);
        var contact = await contacts.ContactAsync(message.MailboxId, cancellationToken);
        var alreadySent = await Db.Messages.AnyAsync(m => m.MailboxId == message.MailboxId && m.Template == nameof(EmailTemplate.DontChangePassword)
                                                      && m.Result == SentMessage.Sent, cancellationToken);
        if (contact is null || contact.Needs.AnyCredential || alreadySent)
        {
            return;
        }
        await mailer.SendAsync(message.OperatorId, message.ProjectId, EmailTemplate.DontChangePassword, contact, cancellationToken);
    }
}
