using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging.Redelivery;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>
/// A mailbox whose event can never be handled here (it went to the error queue) shows as failed with
/// <see cref="InternalError"/>, instead of waiting for it forever; a later credential clears it.
/// </summary>
public sealed class AbandonedMailboxMessageHandler(MigrationsDbContext db) : IAbandonedMessageHandler
{
    public const string InternalError = "internalError";

    public async Task HandleAsync(AbandonedMessage message, CancellationToken cancellationToken)
    {
        var mailboxId = message.As<CredentialSubmitted>()?.MailboxId ?? message.As<SourceAccessFailed>()?.MailboxId
                        ?? message.As<SourceAccessVerified>()?.MailboxId;
        // A batch fails as a whole: its messages that were handled on their own (their inbox record committed) go to the
        // error queue with the one that failed, and their mailboxes are fine.
        if (mailboxId is null || await db.InboxMessages.AnyAsync(m => m.MessageId == message.MessageId, cancellationToken))
        {
            return;
        }
        await db.Mailboxes
            .Where(m => m.Id == mailboxId && m.State != MailboxState.Purged)
            .ExecuteUpdateAsync(update => update
                .SetProperty(m => m.SourceStatus, SourceStatus.Failed)
                .SetProperty(m => m.SourceReason, InternalError)
                .SetProperty(m => m.State, MailboxState.Failed), cancellationToken);
    }
}
