using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>
/// Moves mailboxes' source or destination status to received when the vault has stored their credentials, many at once:
/// end users of a project hand over their passwords in waves after an invitation. A credential earlier than the mailbox's
/// current one of its kind changes nothing.
/// </summary>
public sealed class CredentialSubmittedConsumer(MigrationsDbContext db) : IdempotentBatchConsumer<CredentialSubmitted, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ConsumeContext<CredentialSubmitted>> messages, CancellationToken cancellationToken)
    {
        var mailboxIds = messages.Select(m => m.Message.MailboxId).Distinct().ToArray();
        var mailboxes = await Db.LockMailboxesAsync(mailboxIds, cancellationToken);
        var projectIds = mailboxes.Values.Select(m => m.ProjectId).Distinct().ToArray();
        var requirements = (await Db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToListAsync(cancellationToken))
            .ToDictionary(p => p.Id, p => Requirements.For(p.Settings));
        foreach (var message in messages.Select(m => m.Message))
        {
            if (!mailboxes.TryGetValue(message.MailboxId, out var mailbox) || mailbox.ProjectId != message.ProjectId || mailbox.OperatorId != message.OperatorId)
            {
                throw new InvalidOperationException($"Credential for unknown mailbox {message.MailboxId}.");
            }
            var isSource = message.Kind == CredentialKind.Source;
            // A redelivered earlier credential, or one whose check result arrived first (and set it as current), is known.
            if (!CredentialVersions.IsNewer(message.CredentialReference, isSource ? mailbox.SourceCredentialReference : mailbox.DestinationCredentialReference))
            {
                continue;
            }
            mailbox.Progress = MailboxStatuses.CredentialReceived(mailbox.Progress, isSource, requirements[mailbox.ProjectId]);
            if (isSource)
            {
                mailbox.SourceReason = null;
                mailbox.SourceCredentialReference = message.CredentialReference;
            }
            else
            {
                mailbox.DestinationCredentialReference = message.CredentialReference;
            }
        }
    }
}
