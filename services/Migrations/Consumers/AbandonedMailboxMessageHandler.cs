using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging.Redelivery;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>
/// A mailbox whose event can never be handled here (it went to the error queue) shows as failed with
/// <see cref="InternalError"/>, instead of waiting for it forever: its source for a credential or source-check event, its
/// provisioning for a provisioning result; a later credential clears it. MailboxFailed announces it like any failure.
/// </summary>
public sealed class AbandonedMailboxMessageHandler(MigrationsDbContext db, TimeProvider clock) : IAbandonedMessageHandler
{
    public const string InternalError = "internalError";

    public async Task HandleAsync(AbandonedMessage message, CancellationToken cancellationToken)
    {
        var sourceMailbox = message.As<CredentialSubmitted>()?.MailboxId ?? message.As<SourceAccessFailed>()?.MailboxId
                            ?? message.As<SourceAccessVerified>()?.MailboxId;
        var provisioningMailbox = message.As<DestinationAccountProvisioned>()?.MailboxId ?? message.As<DestinationPasswordSet>()?.MailboxId
                                  ?? message.As<ProvisioningFailed>()?.MailboxId;
        var mailboxId = sourceMailbox ?? provisioningMailbox;
        // A batch fails as a whole: its messages that were handled on their own (their inbox record committed) go to the
        // error queue with the one that failed, and their mailboxes are fine.
        if (mailboxId is null || await db.InboxMessages.AnyAsync(m => m.MessageId == message.MessageId, cancellationToken))
        {
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mailbox = await db.Mailboxes.FromSql($"SELECT * FROM mailboxes WHERE id = {mailboxId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (mailbox is null || mailbox.State == MailboxState.Purged)
        {
            return;
        }
        var before = mailbox.State;
        if (sourceMailbox is not null)
        {
            mailbox.SourceStatus = SourceStatus.Failed;
            mailbox.SourceReason = InternalError;
        }
        else
        {
            mailbox.ProvisioningStatus = ProvisioningStatus.Failed;
            mailbox.ProvisioningReason = InternalError;
        }
        mailbox.State = MailboxState.Failed;
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == mailbox.ProjectId, cancellationToken);
        await db.AnnounceAsync(project, [new MailboxChange(mailbox, before, Guid.CreateVersion7())], clock, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
