using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;
using Migration.Migrations.Vault;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Api;

/// <summary><c>POST .../mailboxes/{id}/verify</c>: the mailbox shows verifying at once, and the request goes out in the same transaction.</summary>
public static class MailboxVerification
{
    internal static async Task<Results<Accepted<MailboxResponse>, ProblemHttpResult>> RequestAsync(
        Guid projectId, Guid mailboxId, ClaimsPrincipal user, MigrationsDbContext db, VaultProjects vault, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var project = await db.FindProjectAsync(operatorId, projectId, cancellationToken);
        if (project is null)
        {
            return NotFound(projectId, mailboxId);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mailbox = await db.LockMailboxAsync(mailboxId, projectId, operatorId, cancellationToken);
        if (mailbox is null)
        {
            return NotFound(projectId, mailboxId);
        }
        var hasSourceCredential = mailbox.SourceCredentialReference is not null;
        var hasGrant = project.SourceAccessGrantReference is not null;
        var completed = project.CompletedAt is not null;
        if (Reverification.WhyNot(completed, mailbox.State, project.SourceAccessMethod, hasSourceCredential, hasGrant) is not null
            && !completed && mailbox.State != MailboxState.Purged)
        {
            // This copy learns of credentials and grants from the vault's events: one stored a moment ago may not be here yet.
            try
            {
                var held = await vault.SourceReferencesAsync(operatorId, projectId, mailboxId, cancellationToken);
                hasSourceCredential |= held.SourceCredential is not null;
                hasGrant |= held.Grant is not null;
            }
            catch (Exception ex) when (InternalServices.IsUnreachable(ex))
            {
                return Problems.Unavailable("The credential vault could not be asked what there is to check; try again in a moment.");
            }
        }
        if (Reverification.WhyNot(completed, mailbox.State, project.SourceAccessMethod, hasSourceCredential, hasGrant) is { } why)
        {
            return Problems.Conflict(why);
        }

        var before = mailbox.State;
        mailbox.Progress = MailboxStatuses.VerificationRequested(mailbox.Progress, Requirements.For(project.Settings));
        mailbox.SourceReason = null;
        if (mailbox.ProvisioningStatus == ProvisioningStatus.Pending)
        {
            mailbox.ProvisioningReason = null;
        }
        var correlationId = Guid.CreateVersion7();
        db.AddEvent(new SourceVerificationRequested
        {
            OperatorId = operatorId,
            ProjectId = projectId,
            MailboxId = mailboxId,
            CorrelationId = correlationId,
            RequestedAt = clock.GetUtcNow(),
        }, clock);
        // A ready mailbox is verifying again: its project is no longer ready.
        await db.AnnounceAsync(project, [new MailboxChange(mailbox, before, correlationId)], clock, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/v1/projects/{projectId}/mailboxes/{mailboxId}", mailbox.ToResponse());
    }

    private static ProblemHttpResult NotFound(Guid projectId, Guid mailboxId) =>
        Problems.NotFound($"There is no mailbox {mailboxId} in project {projectId}.");
}
