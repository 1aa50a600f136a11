using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;

namespace Migration.Migrations.Consumers;

/// <summary>The mailbox's current destination password was set on its existing account: provisioning is done (see <see cref="ProvisioningResults"/>).</summary>
public sealed class DestinationPasswordSetConsumer(MigrationsDbContext db, TimeProvider clock)
    : IdempotentConsumer<DestinationPasswordSet, MigrationsDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<DestinationPasswordSet> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        return ProvisioningResults.ApplyAsync(Db, clock, message.MailboxId, message.ProjectId, message.OperatorId, message.CorrelationId,
            message.DestinationCredentialReference, failureReason: null, cancellationToken);
    }
}
