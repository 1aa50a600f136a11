using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Data;

/// <summary>A mailbox whose state a handler changed: its state before, and whether it got a new destination credential.</summary>
public sealed record MailboxChange(Mailbox Mailbox, MailboxState Before, Guid CorrelationId, bool DestinationReplaced = false);

/// <summary>
/// The events a change of mailbox state announces, added to the outbox in the transaction of the change (see
/// <see cref="MailboxStatuses.Transition"/>): ProvisioningRequested, MailboxReady, MailboxFailed, and ProjectReady when
/// the project's last mailbox became ready. The caller holds the changed mailboxes' locks (<see cref="MailboxLocks"/>),
/// so each transition is seen by exactly one transaction, and the inbox makes a redelivery no news.
/// </summary>
public static class MailboxAnnouncements
{
    private static readonly MailboxState[] NotReadyStates = [.. Enum.GetValues<MailboxState>().Where(s => s != MailboxState.Ready)];

    public static async Task AnnounceAsync(this MigrationsDbContext db, Project project, IEnumerable<MailboxChange> changes,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Guid? readinessCorrelation = null;
        foreach (var (mailbox, before, correlationId, destinationReplaced) in changes)
        {
            var transition = MailboxStatuses.Transition(before, mailbox.State, destinationReplaced);
            if (transition.RequestProvisioning)
            {
                db.AddEvent(ProvisioningRequest(project, mailbox, correlationId, now), clock);
            }
            if (transition.BecameReady)
            {
                db.AddEvent(new MailboxReady
                {
                    OperatorId = mailbox.OperatorId,
                    ProjectId = mailbox.ProjectId,
                    MailboxId = mailbox.Id,
                    CorrelationId = correlationId,
                    SourceAddress = mailbox.SourceAddress,
                    DestinationUpn = mailbox.DestinationUpn,
                    ReadyAt = now,
                }, clock);
            }
            if (transition.BecameFailed)
            {
                db.AddEvent(new MailboxFailed
                {
                    OperatorId = mailbox.OperatorId,
                    ProjectId = mailbox.ProjectId,
                    MailboxId = mailbox.Id,
                    CorrelationId = correlationId,
                    SourceAddress = mailbox.SourceAddress,
                    DestinationUpn = mailbox.DestinationUpn,
                    Reason = FailureReason(mailbox),
                    FailedAt = now,
                }, clock);
            }
            if (transition.ChangesProjectReadiness)
            {
                readinessCorrelation = correlationId;
            }
        }
        if (readinessCorrelation is { } projectCorrelation)
        {
            await AnnounceProjectAsync(db, project, projectCorrelation, clock, now, cancellationToken);
        }
    }

    /// <summary>
    /// The mailboxes' new states are written first; then the project row is locked (FOR NO KEY UPDATE: an upload's
    /// inserts, which take KEY SHARE on the project through their foreign key, do not hold it up), so that of two transactions making
    /// a project's last two mailboxes ready at once (two replicas), the second waits for the first to commit and then
    /// sees both ready (READ COMMITTED reads what committed before each statement): ProjectReady is published once,
    /// and never missed. Leaving ready takes the same lock, so an announcement and a fall-back are never interleaved.
    /// </summary>
    private static async Task AnnounceProjectAsync(MigrationsDbContext db, Project project, Guid correlationId, TimeProvider clock,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        var readyAt = await db.Database
            .SqlQuery<DateTimeOffset?>($"SELECT ready_at AS \"Value\" FROM projects WHERE id = {project.Id} FOR NO KEY UPDATE")
            .SingleAsync(cancellationToken);
        // One index probe per state on (project_id, state): cheap whatever the size of the project.
        var anyNotReady = await db.Mailboxes.AnyAsync(
            m => m.ProjectId == project.Id && NotReadyStates.Contains(m.State), cancellationToken);
        var (next, announce) = ProjectReadiness.Next(readyAt, everyMailboxReady: !anyNotReady, now);
        if (next != readyAt)
        {
            await db.Database.ExecuteSqlAsync($"UPDATE projects SET ready_at = {next} WHERE id = {project.Id}", cancellationToken);
        }
        if (announce)
        {
            db.AddEvent(new ProjectReady
            {
                OperatorId = project.OperatorId,
                ProjectId = project.Id,
                CorrelationId = correlationId,
                Mailboxes = await db.Mailboxes.CountAsync(m => m.ProjectId == project.Id, cancellationToken),
                ReadyAt = now,
            }, clock);
        }
    }

    /// <summary>The reason a failed mailbox shows: its source's, else its provisioning's.</summary>
    public static string FailureReason(Mailbox mailbox) =>
        (mailbox.SourceStatus == SourceStatus.Failed ? mailbox.SourceReason : null)
        ?? (mailbox.ProvisioningStatus == ProvisioningStatus.Failed ? mailbox.ProvisioningReason : null)
        ?? mailbox.SourceReason ?? mailbox.ProvisioningReason ?? ProvisioningReasons.InternalError;

    private static ProvisioningRequested ProvisioningRequest(Project project, Mailbox mailbox, Guid correlationId, DateTimeOffset now) => new()
    {
        OperatorId = mailbox.OperatorId,
        ProjectId = mailbox.ProjectId,
        MailboxId = mailbox.Id,
        CorrelationId = correlationId,
        Action = project.CreateAccounts ? ProvisioningAction.CreateAccount : ProvisioningAction.SetPassword,
        Tenant = project.DestinationTenantId ?? project.DestinationTenantDomain,
        DestinationUpn = mailbox.DestinationUpn,
        DisplayName = mailbox.DisplayName,
        FirstName = mailbox.FirstName,
        LastName = mailbox.LastName,
        UsageLocation = project.UsageLocation,
        LicenseSku = project.LicenseSku,
        DestinationCredentialReference = mailbox.DestinationCredentialReference
            ?? throw new InvalidOperationException($"Mailbox {mailbox.Id} is to be provisioned without a destination credential."),
        RequestedAt = now,
    };
}
