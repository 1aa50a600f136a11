using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>
/// The source opened the mailbox: its source shows verified and the earlier reason is gone. As for a failure, a result
/// about a credential (or, for impersonation and OAuth, a project grant) replaced since is ignored. A mailbox that now has
/// everything asks for provisioning or is ready (see <see cref="MailboxAnnouncements"/>).
/// </summary>
public sealed class SourceAccessVerifiedConsumer(MigrationsDbContext db, TimeProvider clock) : IdempotentConsumer<SourceAccessVerified, MigrationsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessVerified> context, CancellationToken cancellationToken)
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
        mailbox.Progress = MailboxStatuses.SourceAccessVerified(mailbox.Progress, Requirements.For(project.Settings));
        mailbox.SourceReason = null;
        mailbox.SourceCredentialReference = message.CredentialReference;
        await Db.AnnounceAsync(project, [new MailboxChange(mailbox, before, message.CorrelationId)], clock, cancellationToken);
    }
}
