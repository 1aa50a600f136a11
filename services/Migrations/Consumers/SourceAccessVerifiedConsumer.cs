using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>
/// The source opened the mailboxes: their source shows verified and the earlier reason is gone, many at once (a CSV
/// upload's checks finish by the thousand). As for a failure, a result about a credential (or, for impersonation and
/// OAuth, a project grant) replaced since is ignored. A mailbox that now has everything asks for provisioning or is ready
/// (see <see cref="MailboxAnnouncements"/>).
/// </summary>
public sealed class SourceAccessVerifiedConsumer(MigrationsDbContext db, TimeProvider clock) : IdempotentBatchConsumer<SourceAccessVerified, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ConsumeContext<SourceAccessVerified>> messages, CancellationToken cancellationToken)
    {
        var mailboxIds = messages.Select(m => m.Message.MailboxId).Distinct().ToArray();
        var mailboxes = await Db.LockMailboxesAsync(mailboxIds, cancellationToken);
        var projectIds = mailboxes.Values.Select(m => m.ProjectId).Distinct().ToArray();
        var projects = await Db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var changes = new List<MailboxChange>();
        foreach (var message in messages.Select(m => m.Message))
        {
            if (!mailboxes.TryGetValue(message.MailboxId, out var mailbox) || mailbox.ProjectId != message.ProjectId || mailbox.OperatorId != message.OperatorId)
            {
                throw new InvalidOperationException($"Source check for unknown mailbox {message.MailboxId}.");
            }
            if (CredentialVersions.IsOlder(message.CredentialReference, mailbox.SourceCredentialReference))
            {
                continue;
            }
            var before = mailbox.State;
            mailbox.Progress = MailboxStatuses.SourceAccessVerified(mailbox.Progress, Requirements.For(projects[mailbox.ProjectId].Settings));
            mailbox.SourceReason = null;
            mailbox.SourceCredentialReference = message.CredentialReference;
            changes.Add(new MailboxChange(mailbox, before, message.CorrelationId));
        }
        // A mailbox verified twice in the batch changed once; projects in the order of their ids, so that two batches
        // locking the same projects (for ProjectReady) do not deadlock.
        foreach (var project in changes.GroupBy(c => c.Mailbox.ProjectId).OrderBy(g => g.Key))
        {
            var perMailbox = project.GroupBy(c => c.Mailbox.Id).Select(m => m.First() with { CorrelationId = m.Last().CorrelationId });
            await Db.AnnounceAsync(projects[project.Key], perMailbox, clock, cancellationToken);
        }
    }
}
