using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Consumers;

/// <summary>
/// Mailboxes' new source passwords are to be checked now, many in one statement: a CSV upload or an invitation wave
/// brings thousands at once. An earlier credential delivered late changes nothing; a credential for a mailbox not heard of
/// yet is kept (the row learns its address from MailboxesAdded).
/// </summary>
public sealed class CredentialSubmittedConsumer(SourceAccessDbContext db, TimeProvider clock) : IdempotentBatchConsumer<CredentialSubmitted, SourceAccessDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ConsumeContext<CredentialSubmitted>> messages, CancellationToken cancellationToken)
    {
        var sources = messages.Select(m => m.Message).Where(m => m.Kind == CredentialKind.Source).ToList();
        if (sources.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var mailboxIds = sources.Select(m => m.MailboxId).ToArray();
        var projectIds = sources.Select(m => m.ProjectId).ToArray();
        var operatorIds = sources.Select(m => m.OperatorId).ToArray();
        var references = sources.Select(m => m.CredentialReference).ToArray();
        // uuid order is byte order, which for the vault's UUIDv7 references is the order they were stored in; of two
        // credentials of one mailbox in the batch the later wins (one row may be changed only once per statement).
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO source_mailboxes (id, project_id, operator_id, credential_reference, status, due_at, check_requested, cutover_check_done, added_at)
            SELECT DISTINCT ON (id) id, project_id, operator_id, reference, 'Unchecked', {now}, true, false, {now}
            FROM unnest({mailboxIds}::uuid[], {projectIds}::uuid[], {operatorIds}::uuid[], {references}::uuid[]) AS submitted(id, project_id, operator_id, reference)
            ORDER BY id, reference DESC
            ON CONFLICT (id) DO UPDATE SET credential_reference = excluded.credential_reference, due_at = excluded.due_at, check_requested = true
            WHERE source_mailboxes.credential_reference IS NULL OR source_mailboxes.credential_reference < excluded.credential_reference
            """, cancellationToken);
    }
}
