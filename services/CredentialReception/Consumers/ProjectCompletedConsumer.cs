using MassTransit;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Purge;
using Migration.Messaging;

namespace Migration.CredentialReception.Consumers;

/// <summary>A completed project's credentials are purged at once.</summary>
public sealed class ProjectCompletedConsumer(CredentialsDbContext db, CredentialPurger purger) : IdempotentConsumer<ProjectCompleted, CredentialsDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<ProjectCompleted> context, CancellationToken cancellationToken) =>
        purger.PurgeAsync(context.Message.OperatorId, context.Message.ProjectId, context.Message.CompletedAt, "projectCompleted",
            context.Message.CorrelationId, cancellationToken);
}
