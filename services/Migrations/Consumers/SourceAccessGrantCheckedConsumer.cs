using MassTransit;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>The preflight of a project grant: the project's source access is verified, or failed with the reason; a result about an older grant changes nothing.</summary>
public sealed class SourceAccessGrantCheckedConsumer(MigrationsDbContext db) : IdempotentConsumer<SourceAccessGrantChecked, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessGrantChecked> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var project = await Db.LockProjectAsync(message.ProjectId, message.OperatorId, cancellationToken)
            ?? throw new InvalidOperationException($"Source-access check for unknown project {message.ProjectId}.");
        project.SourceAccess = ProjectSourceAccessRules.GrantChecked(project.SourceAccess, message.CredentialReference, message.FailureReason);
    }
}
