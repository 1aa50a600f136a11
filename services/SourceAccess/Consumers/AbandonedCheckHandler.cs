using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Messaging.Redelivery;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Consumers;

/// <summary>
/// A source credential whose event can never be handled here (it went to the error queue) is told as a failed check with
/// reason internalError, so that its mailbox shows the failure instead of verifying forever.
/// </summary>
public sealed class AbandonedCheckHandler(SourceAccessDbContext db, TimeProvider clock) : IAbandonedMessageHandler
{
    public async Task HandleAsync(AbandonedMessage message, CancellationToken cancellationToken)
    {
        if (message.As<CredentialSubmitted>() is not { Kind: CredentialKind.Source } credential)
        {
            return;
        }
        db.AddEvent(new SourceAccessFailed
        {
            OperatorId = credential.OperatorId, ProjectId = credential.ProjectId, MailboxId = credential.MailboxId,
            CorrelationId = credential.CorrelationId, CredentialReference = credential.CredentialReference,
            Reason = SourceAccessReasons.InternalError, CheckedAt = clock.GetUtcNow(),
        }, clock);
        await db.SaveChangesAsync(cancellationToken);
    }
}
