using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Consumers;

/// <summary>
/// The source opened the mailboxes with these credentials: they are marked verified, so the reception page says so, many
/// at once (a CSV upload's checks finish by the thousand). A result about a credential replaced since (it is gone)
/// changes nothing, nor one older than the credential's last refusal.
/// </summary>
public sealed class SourceAccessVerifiedConsumer(CredentialsDbContext db) : IdempotentBatchConsumer<SourceAccessVerified, CredentialsDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ConsumeContext<SourceAccessVerified>> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.Message.CredentialReference).Distinct().ToArray();
        var credentials = await Db.Credentials.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var message in messages.Select(m => m.Message))
        {
            if (!credentials.TryGetValue(message.CredentialReference, out var credential) || credential.OperatorId != message.OperatorId
                || credential.ProjectId != message.ProjectId || credential.RefusedAt > message.CheckedAt || credential.VerifiedAt >= message.CheckedAt)
            {
                continue;
            }
            credential.VerifiedAt = message.CheckedAt;
            credential.RefusedAt = null;
            credential.RefusedReason = null;
        }
    }
}
