using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Consumers;

/// <summary>
/// Adds the mailboxes to check. With a verified grant (impersonation, OAuth) they are due at once; with password access
/// they wait for their credentials, unless one came first (then its row exists and only learns its address).
/// </summary>
public sealed class MailboxesAddedConsumer(SourceAccessDbContext db, TimeProvider clock) : IdempotentConsumer<MailboxesAdded, SourceAccessDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<MailboxesAdded> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var now = clock.GetUtcNow();
        var project = await Db.Projects.SingleOrDefaultAsync(p => p.Id == message.ProjectId, cancellationToken);
        DateTimeOffset? dueAt = project is { GrantStatus: GrantStatus.Verified } ? now : null;
        var ids = message.Mailboxes.Select(m => m.MailboxId).ToArray();
        var addresses = message.Mailboxes.Select(m => m.SourceAddress).ToArray();
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO source_mailboxes (id, project_id, operator_id, address, status, due_at, check_requested, cutover_check_done, added_at)
            SELECT id, {message.ProjectId}, {message.OperatorId}, address, 'Unchecked', {dueAt}, false, false, {now}
            FROM unnest({ids}::uuid[], {addresses}::text[]) AS added(id, address)
            ON CONFLICT (id) DO UPDATE SET address = excluded.address WHERE source_mailboxes.address IS NULL
            """, cancellationToken);
        // A grant that waits for a first mailbox to be tried against can be checked now.
        if (project is { GrantReference: not null, GrantStatus: GrantStatus.Pending, GrantTestMailbox: null, GrantCheckDueAt: null })
        {
            project.GrantCheckDueAt = now;
        }
    }
}
