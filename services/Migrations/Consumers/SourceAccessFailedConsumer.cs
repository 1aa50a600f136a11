using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>R8: a mailbox whose current source credential did not give access shows as failed, with the reason.</summary>
public sealed class SourceAccessFailedConsumer(MigrationsDbContext db) : IdempotentConsumer<SourceAccessFailed, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessFailed> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var mailbox = await Db.LockMailboxAsync(message.MailboxId, message.ProjectId, message.OperatorId, cancellationToken)
            ?? throw new InvalidOperationException($"Source check for unknown mailbox {message.MailboxId}.");
        if (mailbox.SourceCredentialReference != message.CredentialReference)
        {
            return;
        }
        var project = await Db.Projects.AsNoTracking().SingleAsync(p => p.Id == message.ProjectId, cancellationToken);
        mailbox.Progress = MailboxStatuses.SourceAccessFailed(mailbox.Progress, Requirements.For(project.Settings));
        mailbox.SourceReason = message.Reason;
    }
}
