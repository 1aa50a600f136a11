using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Messaging.Redelivery;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Consumers;

/// <summary>R8: the operator asked for a mailbox to be checked again now.</summary>
public sealed class SourceVerificationRequestedConsumer(SourceAccessDbContext db, TimeProvider clock)
    : IdempotentConsumer<SourceVerificationRequested, SourceAccessDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceVerificationRequested> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var now = clock.GetUtcNow();
        var updated = await Db.Mailboxes
            .Where(m => m.Id == message.MailboxId && m.ProjectId == message.ProjectId && m.OperatorId == message.OperatorId)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.DueAt, now).SetProperty(x => x.CheckRequested, true), cancellationToken);
        if (updated == 0)
        {
            throw new NotYetKnownException($"Verification asked for mailbox {message.MailboxId}, not known here yet.");
        }
    }
}
