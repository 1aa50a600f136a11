using Microsoft.EntityFrameworkCore;
using MailKit.Net.Smtp;
using Migration.Contracts.Reception;
using Migration.Notification.Data;

namespace Migration.Notification.Email;

/// <summary>Renders, sends and logs one email to one end user; a failed attempt is logged too, then retried by the consumer.</summary>
public sealed class EndUserMailer(SmtpSender smtp, NotificationDbContext db, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Sends the email unless the message log shows this template already sent to this mailbox.</summary>
    public async Task SendOnceAsync(Guid operatorId, Guid projectId, EmailTemplate template, EndUserContact contact, CancellationToken cancellationToken)
    {
        var alreadySent = await db.Messages.AnyAsync(m => m.MailboxId == contact.MailboxId && m.Template == template.ToString()
                                                          && m.Result == SentMessage.Sent, cancellationToken);
        if (!alreadySent)
        {
            await SendAsync(operatorId, projectId, template, contact, cancellationToken);
        }
    }

    public async Task SendAsync(Guid operatorId, Guid projectId, EmailTemplate template, EndUserContact contact, CancellationToken cancellationToken)
    {
        var email = EmailTemplates.Render(template, contact);
        string smtpMessageId;
        try
        {
            smtpMessageId = await smtp.SendAsync(contact.Recipient, $"{contact.OperatorName} for {contact.CustomerName}", email, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await LogFailedAttemptAsync(Entry(operatorId, projectId, template, contact, SentMessage.Failed, error: Describe(ex)), cancellationToken);
            throw;
        }
        db.Messages.Add(Entry(operatorId, projectId, template, contact, SentMessage.Sent, smtpMessageId: smtpMessageId));
    }

    private SentMessage Entry(Guid operatorId, Guid projectId, EmailTemplate template, EndUserContact contact, string result,
        string? smtpMessageId = null, string? error = null) => new()
    {
        Id = Guid.CreateVersion7(),
        OperatorId = operatorId,
        ProjectId = projectId,
        MailboxId = contact.MailboxId,
        Template = template.ToString(),
        Recipient = contact.Recipient,
        Result = result,
        SmtpMessageId = smtpMessageId,
        Error = error,
        SentAt = clock.GetUtcNow(),
    };

    /// <summary>
    /// In a context of its own: the consumer's transaction rolls back when the send throws, and the failed attempt
    /// must stay in the log.
    /// </summary>
    private async Task LogFailedAttemptAsync(SentMessage entry, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        log.Messages.Add(entry);
        await log.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(Exception ex) =>
        ex is SmtpCommandException command ? $"{nameof(SmtpCommandException)} {(int)command.StatusCode}" : ex.GetType().Name;
}
