using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>
/// R8: a mailbox whose current source credential did not give access shows as failed, with the reason; one whose
/// password was changed since it worked waits for its user again. A result about a credential replaced since is ignored;
/// one about a credential not yet announced here is kept.
/// </summary>
public sealed class SourceAccessFailedConsumer(MigrationsDbContext db, TimeProvider clock) : IdempotentConsumer<SourceAccessFailed, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessFailed> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var mailbox = await Db.LockMailboxAsync(message.MailboxId, message.ProjectId, message.OperatorId, cancellationToken)
            ?? throw new InvalidOperationException($"Source check for unknown mailbox {message.MailboxId}.");
        if (CredentialVersions.IsOlder(message.CredentialReference, mailbox.SourceCredentialReference))
        {
            return;
        }
        var project = await Db.Projects.AsNoTracking().SingleAsync(p => p.Id == message.ProjectId, cancellationToken);
        var before = mailbox.State;
        mailbox.Progress = MailboxStatuses.SourceAccessFailed(mailbox.Progress, Requirements.For(project.Settings), message.Reason);
        mailbox.SourceReason = message.Reason;
        // The result may come before its CredentialSubmitted: the credential it is about becomes the current one, and its
        // CredentialSubmitted, when it comes, is then no news. For impersonation and OAuth it is the project's grant.
        mailbox.SourceCredentialReference = message.CredentialReference;
        await Db.AnnounceAsync(project, [new MailboxChange(mailbox, before, message.CorrelationId)], clock, cancellationToken);
    }
}
