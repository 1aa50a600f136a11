using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>Once the vault has purged a project's credentials, its mailboxes show as purged.</summary>
public sealed class CredentialsPurgedConsumer(MigrationsDbContext db) : IdempotentConsumer<CredentialsPurged, MigrationsDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<CredentialsPurged> context, CancellationToken cancellationToken) =>
        Db.Mailboxes
            .Where(m => m.ProjectId == context.Message.ProjectId && m.OperatorId == context.Message.OperatorId)
            .ExecuteUpdateAsync(update => update.SetProperty(m => m.State, MailboxState.Purged), cancellationToken);
}
