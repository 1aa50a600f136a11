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
/// current one of its kind changes nothing. A mailbox that now has everything asks for provisioning or is ready (see
/// <see cref="MailboxAnnouncements"/>).
/// </summary>
public sealed class CredentialSubmittedConsumer(MigrationsDbContext db, TimeProvider clock) : IdempotentBatchConsumer<CredentialSubmitted, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ConsumeContext<CredentialSubmitted>> messages, CancellationToken cancellationToken)
    {
        var mailboxIds = messages.Select(m => m.Message.MailboxId).Distinct().ToArray();
        var mailboxes = await Db.LockMailboxesAsync(mailboxIds, cancellationToken);
        var projectIds = mailboxes.Values.Select(m => m.ProjectId).Distinct().ToArray();
        var projects = await Db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var requirements = projects.ToDictionary(p => p.Key, p => Requirements.For(p.Value.Settings));
        var changes = new List<MailboxChange>();
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
            var before = mailbox.State;
            mailbox.Progress = MailboxStatuses.CredentialReceived(mailbox.Progress, isSource, requirements[mailbox.ProjectId]);
            if (isSource)
            {
                mailbox.SourceReason = null;
                mailbox.SourceCredentialReference = message.CredentialReference;
            }
            else
            {
                mailbox.DestinationReason = null;
                mailbox.ProvisioningReason = null;
                mailbox.DestinationCredentialReference = message.CredentialReference;
            }
            changes.Add(new MailboxChange(mailbox, before, message.CorrelationId, DestinationReplaced: !isSource));
        }
        // A mailbox with two credentials in the batch changed once, from its state before the first to its state after the last.
        // Projects in the order of their ids, so that two batches locking the same projects (for ProjectReady) do not deadlock.
        foreach (var project in changes.GroupBy(c => c.Mailbox.ProjectId).OrderBy(g => g.Key))
        {
            var perMailbox = project.GroupBy(c => c.Mailbox.Id)
                .Select(m => m.First() with { CorrelationId = m.Last().CorrelationId, DestinationReplaced = m.Any(c => c.DestinationReplaced) });
            await Db.AnnounceAsync(projects[project.Key], perMailbox, clock, cancellationToken);
        }
    }
}
