using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Consumers;

/// <summary>
/// The source opened the mailbox with this credential: it is marked verified, so the reception page says so. A result
/// about a credential replaced since (it is gone) changes nothing, nor one older than the credential's last refusal.
/// </summary>
public sealed class SourceAccessVerifiedConsumer(CredentialsDbContext db) : IdempotentConsumer<SourceAccessVerified, CredentialsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessVerified> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var credential = await Db.Credentials.SingleOrDefaultAsync(c => c.Id == message.CredentialReference && c.OperatorId == message.OperatorId
                                                                         && c.ProjectId == message.ProjectId, cancellationToken);
        if (credential is null || credential.RefusedAt > message.CheckedAt || credential.VerifiedAt >= message.CheckedAt)
        {
            return;
        }
        credential.VerifiedAt = message.CheckedAt;
        credential.RefusedAt = null;
        credential.RefusedReason = null;
    }
}
