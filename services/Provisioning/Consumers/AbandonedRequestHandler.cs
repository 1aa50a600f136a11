using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Messaging.Redelivery;
using Migration.Provisioning.Data;

namespace Migration.Provisioning.Consumers;

/// <summary>
/// A provisioning request that can never be handled here (it went to the error queue) is told as failed with reason
/// internalError, so that its mailbox shows the failure instead of provisioning forever.
/// </summary>
public sealed class AbandonedRequestHandler(ProvisioningDbContext db, TimeProvider clock) : IAbandonedMessageHandler
{
    public async Task HandleAsync(AbandonedMessage message, CancellationToken cancellationToken)
    {
        if (message.As<ProvisioningRequested>() is not { } request)
        {
            return;
        }
        db.AddEvent(new ProvisioningFailed
        {
            OperatorId = request.OperatorId, ProjectId = request.ProjectId, MailboxId = request.MailboxId, CorrelationId = request.CorrelationId,
            Reason = ProvisioningReasons.InternalError, DestinationCredentialReference = request.DestinationCredentialReference,
            FailedAt = clock.GetUtcNow(),
        }, clock);
        await db.SaveChangesAsync(cancellationToken);
    }
}
