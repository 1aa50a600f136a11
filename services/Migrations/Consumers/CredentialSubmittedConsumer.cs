using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>Moves a mailbox's source or destination status to received when the vault has stored the credential.</summary>
public sealed class CredentialSubmittedConsumer(MigrationsDbContext db) : IdempotentConsumer<CredentialSubmitted, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<CredentialSubmitted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var mailbox = await Db.LockMailboxAsync(message.MailboxId, message.ProjectId, message.OperatorId, cancellationToken)
                      ?? throw new InvalidOperationException($"Credential for unknown mailbox {message.MailboxId}.");
        var project = await Db.Projects.AsNoTracking().SingleAsync(p => p.Id == message.ProjectId, cancellationToken);
        mailbox.Progress = MailboxStatuses.CredentialReceived(mailbox.Progress, message.Kind == CredentialKind.Source, Requirements.For(project.Settings));
        if (message.Kind == CredentialKind.Source)
        {
            mailbox.SourceReason = null;
            mailbox.SourceCredentialReference = message.CredentialReference;
        }
    }
}
