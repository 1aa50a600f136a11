using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Consumers;

/// <summary>
/// A mailbox's new source password is to be checked now. An earlier credential delivered late changes nothing; a
/// credential for a mailbox not heard of yet is kept (the row learns its address from MailboxesAdded).
/// </summary>
public sealed class CredentialSubmittedConsumer(SourceAccessDbContext db, TimeProvider clock) : IdempotentConsumer<CredentialSubmitted, SourceAccessDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<CredentialSubmitted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        if (message.Kind != CredentialKind.Source)
        {
            return;
        }
        var now = clock.GetUtcNow();
        // uuid order is byte order, which for the vault's UUIDv7 references is the order they were stored in.
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO source_mailboxes (id, project_id, operator_id, credential_reference, status, due_at, check_requested, cutover_check_done, added_at)
            VALUES ({message.MailboxId}, {message.ProjectId}, {message.OperatorId}, {message.CredentialReference}, 'Unchecked', {now}, true, false, {now})
            ON CONFLICT (id) DO UPDATE SET credential_reference = excluded.credential_reference, due_at = excluded.due_at, check_requested = true
            WHERE source_mailboxes.credential_reference IS NULL OR source_mailboxes.credential_reference < excluded.credential_reference
            """, cancellationToken);
    }
}
