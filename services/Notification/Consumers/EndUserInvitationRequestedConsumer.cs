using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Notification.Data;
using Migration.Notification.Email;

namespace Migration.Notification.Consumers;

/// <summary>
/// Emails an invitation, a reminder or a re-request (R8) with a fresh reception link; a mailbox that needs nothing any
/// more gets no reminder or re-request.
/// </summary>
public sealed class EndUserInvitationRequestedConsumer(NotificationDbContext db, EndUserContacts contacts, EndUserMailer mailer)
    : IdempotentConsumer<EndUserInvitationRequested, NotificationDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<EndUserInvitationRequested> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var contact = await contacts.WithNewReceptionLinkAsync(message.MailboxId, cancellationToken);
        if (contact is null || (message.Kind != InvitationKind.Invitation && !contact.Needs.AnyCredential))
        {
            return;
        }
        var template = message.Kind switch
        {
            InvitationKind.Invitation => EmailTemplate.Invitation,
            InvitationKind.Reminder => EmailTemplate.Reminder,
            _ => EmailTemplate.ReRequest,
        };
        await mailer.SendAsync(message.OperatorId, message.ProjectId, template, contact, cancellationToken);
    }
}
