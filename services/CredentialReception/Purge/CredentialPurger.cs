using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Purge;

/// <summary>
/// Deletes every credential of a project, revokes its reception links and marks the project purged, so later credential calls answer 409; the
/// CredentialsPurged event commits with it. Runs inside the caller's transaction.
/// </summary>
public sealed class CredentialPurger(CredentialsDbContext db, TimeProvider clock)
{
    public async Task PurgeAsync(Guid operatorId, Guid projectId, DateTimeOffset completedAt, string reason, Guid correlationId,
        CancellationToken cancellationToken)
    {
        // Taken first: a credential write in flight commits before the delete below (and is deleted), a later one waits
        // and then finds the project purged.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ProjectLock.Key(projectId)})", cancellationToken);
        var deleted = await db.Credentials.Where(c => c.ProjectId == projectId && c.OperatorId == operatorId).ExecuteDeleteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.ReceptionLinks.Where(l => l.ProjectId == projectId && l.RevokedAt == null)
            .ExecuteUpdateAsync(update => update.SetProperty(l => l.RevokedAt, now), cancellationToken);
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is not null)
        {
            project.CompletedAt ??= completedAt;
            project.PurgedAt = now;
        }
        db.AddEvent(new CredentialsPurged
        {
            OperatorId = operatorId,
            ProjectId = projectId,
            CorrelationId = correlationId,
            CredentialsDeleted = deleted,
            Reason = reason,
        }, clock);
    }
}
