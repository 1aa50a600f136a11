using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>A new project grant was stored in the vault: the project's source access is pending until its check comes.</summary>
public sealed class SourceAccessGrantSubmittedConsumer(MigrationsDbContext db) : IdempotentConsumer<SourceAccessGrantSubmitted, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessGrantSubmitted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var project = await Db.LockProjectAsync(message.ProjectId, message.OperatorId, cancellationToken)
            ?? throw new InvalidOperationException($"Source-access grant for unknown project {message.ProjectId}.");
        project.SourceAccess = ProjectSourceAccessRules.GrantSubmitted(project.SourceAccess, message.CredentialReference);
    }
}
