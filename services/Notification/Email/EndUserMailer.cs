using Migration.Notification.Data;

namespace Migration.Notification.Email;

/// <summary>Renders, sends and logs one email to one end user.</summary>
public sealed class EndUserMailer(SmtpSender smtp, NotificationDbContext db, TimeProvider clock)
{
    public async Task SendAsync(Guid operatorId, Guid projectId, EmailTemplate template, EndUserContact contact, CancellationToken cancellationToken)
    {
        var email = EmailTemplates.Render(template, contact);
        var smtpMessageId = await smtp.SendAsync(contact.Recipient, $"{contact.OperatorName} for {contact.CustomerName}", email, cancellationToken);
        db.Messages.Add(new SentMessage
        {
            Id = Guid.CreateVersion7(),
            OperatorId = operatorId,
            ProjectId = projectId,
            MailboxId = contact.MailboxId,
            Template = template.ToString(),
            Recipient = contact.Recipient,
            Result = "sent",
            SmtpMessageId = smtpMessageId,
            SentAt = clock.GetUtcNow(),
        });
    }
}
