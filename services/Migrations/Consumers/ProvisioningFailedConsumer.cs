using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;

namespace Migration.Migrations.Consumers;

/// <summary>
/// Provisioning failed with the mailbox's current destination password: the mailbox fails with the reason, except that a
/// password Microsoft 365 refused in a Password Reception project is asked for again (the vault emails the end user; see
/// <see cref="ProvisioningResults"/>).
/// </summary>
public sealed class ProvisioningFailedConsumer(MigrationsDbContext db, TimeProvider clock)
    : IdempotentConsumer<ProvisioningFailed, MigrationsDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<ProvisioningFailed> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        return ProvisioningResults.ApplyAsync(Db, clock, message.MailboxId, message.ProjectId, message.OperatorId, message.CorrelationId,
            message.DestinationCredentialReference, message.Reason, cancellationToken);
    }
}
