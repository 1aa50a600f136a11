using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;

namespace Migration.Migrations.Consumers;

/// <summary>The destination account exists with the mailbox's current destination password: provisioning is done (see <see cref="ProvisioningResults"/>).</summary>
public sealed class DestinationAccountProvisionedConsumer(MigrationsDbContext db, TimeProvider clock)
    : IdempotentConsumer<DestinationAccountProvisioned, MigrationsDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<DestinationAccountProvisioned> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        return ProvisioningResults.ApplyAsync(Db, clock, message.MailboxId, message.ProjectId, message.OperatorId, message.CorrelationId,
            message.DestinationCredentialReference, failureReason: null, cancellationToken);
    }
}
