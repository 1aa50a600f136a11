using Microsoft.EntityFrameworkCore;
using Migration.Provisioning.Data;

namespace Migration.Provisioning.Jobs;

/// <summary>
/// The due jobs, in the database, claimed one at a time with SKIP LOCKED so that no two replicas run the same job; a
/// claim lapses after the claim duration if its replica dies, and another replica takes the job over. Jobs are claimed
/// per tenant, the tenants in turn (<see cref="JobWorker"/>), so that a tenant with many mailboxes never starves one with
/// few of the app-wide write quota. A tenant whose write quota is blocked by a 429, or holds no token within the workers'
/// longest wait, is not offered: its jobs would only be looked at and given back.
/// </summary>
public sealed class JobQueue(ProvisioningDbContext db)
{
    public Task<List<string>> DueTenantsAsync(string appId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var longest = maxWait.TotalSeconds;
        return db.Database.SqlQuery<string>($"""
            SELECT j.tenant AS "Value" FROM provisioning_jobs j
            WHERE j.due_at <= now() AND (j.claimed_until IS NULL OR j.claimed_until < now())
              AND NOT EXISTS (SELECT 1 FROM write_buckets b
                  WHERE b.scope IN ('app-tenant:' || {appId} || ':' || j.tenant, 'tenant:' || j.tenant, 'app:' || {appId})
                    AND (b.blocked_until > now()
                         OR least(b.capacity, b.tokens + greatest(0, extract(epoch FROM now() - b.updated_at)::float8) * b.refill_per_second)
                            + b.refill_per_second * {longest} < 1))
            GROUP BY j.tenant ORDER BY min(j.due_at)
            """).ToListAsync(cancellationToken);
    }

    /// <summary>The tenant's job due first, claimed; null when another replica took the last one.</summary>
    public async Task<ProvisioningJob?> ClaimAsync(string tenant, TimeSpan duration, CancellationToken cancellationToken)
    {
        var claimed = await db.Jobs.FromSql($"""
            UPDATE provisioning_jobs SET claimed_until = now() + {duration}, attempts = attempts + 1,
                first_attempt_at = coalesce(first_attempt_at, now())
            WHERE mailbox_id = (
                SELECT mailbox_id FROM provisioning_jobs
                WHERE tenant = {tenant} AND due_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.Count > 0 ? claimed[0] : null;
    }

    public static Task<int> RenewClaimAsync(ProvisioningDbContext db, Guid mailboxId, TimeSpan duration, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"UPDATE provisioning_jobs SET claimed_until = now() + {duration} WHERE mailbox_id = {mailboxId} AND claimed_until IS NOT NULL",
            cancellationToken);
}
