using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Consumers;

/// <summary>
/// A provisioning result, applied under the mailbox's lock. Only a result about the mailbox's current destination
/// credential counts: one about a credential replaced since (a late answer to an earlier request) changes nothing.
/// </summary>
internal static class ProvisioningResults
{
    public static async Task ApplyAsync(MigrationsDbContext db, TimeProvider clock, Guid mailboxId, Guid projectId, Guid operatorId,
        Guid correlationId, Guid credentialReference, string? failureReason, CancellationToken cancellationToken)
    {
        var mailbox = await db.LockMailboxAsync(mailboxId, projectId, operatorId, cancellationToken)
            ?? throw new InvalidOperationException($"Provisioning result for unknown mailbox {mailboxId}.");
        if (mailbox.DestinationCredentialReference != credentialReference)
        {
            return;
        }
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, cancellationToken);
        var requirements = Requirements.For(project.Settings);
        var before = mailbox.Progress;
        if (failureReason is null)
        {
            mailbox.Progress = MailboxStatuses.ProvisioningSucceeded(before, requirements);
            if (mailbox.Progress != before)
            {
                mailbox.ProvisioningReason = null;
            }
        }
        else
        {
            var fromEndUser = Requirements.NeedsFromEndUser(project.Settings, sourceEntered: false, destinationEntered: false).DestinationPassword;
            mailbox.Progress = MailboxStatuses.ProvisioningFailed(before, requirements, failureReason, fromEndUser);
            if (mailbox.Progress.Destination == DestinationStatus.Pending && before.Destination != DestinationStatus.Pending)
            {
                mailbox.DestinationReason = failureReason;
            }
            else if (mailbox.Progress.Provisioning == ProvisioningStatus.Failed)
            {
                mailbox.ProvisioningReason = failureReason;
            }
        }
        await db.AnnounceAsync(project, [new MailboxChange(mailbox, before.State, correlationId)], clock, cancellationToken);
    }
}
