using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>Emails an invitation or a reminder with a fresh reception link; a mailbox that needs nothing any more gets none.</summary>
public sealed class EndUserInvitationRequestedConsumer(NotificationDbContext db, EndUserContacts contacts, EndUserMailer mailer)
    : IdempotentConsumer<EndUserInvitationRequested, NotificationDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<EndUserInvitationRequested> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var contact = await contacts.WithNewReceptionLinkAsync(message.MailboxId, cancellationToken);
        if (contact is null || (message.Kind == InvitationKind.Reminder && !contact.Needs.AnyCredential))
        {
            return;
        }
        var template = message.Kind == InvitationKind.Invitation ? EmailTemplate.Invitation : EmailTemplate.Reminder;
        await mailer.SendAsync(message.OperatorId, message.ProjectId, template, contact, cancellationToken);
    }
}
