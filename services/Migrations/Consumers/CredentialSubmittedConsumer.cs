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
        // The row lock serialises this mailbox's concurrent events: each derives the state from the other's result.
        var mailbox = await Db.Mailboxes
                          .FromSql($"SELECT * FROM mailboxes WHERE id = {message.MailboxId} FOR UPDATE")
                          .SingleOrDefaultAsync(m => m.ProjectId == message.ProjectId && m.OperatorId == message.OperatorId, cancellationToken)
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
