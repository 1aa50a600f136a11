using Microsoft.EntityFrameworkCore;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Checks;

/// <summary>
/// A source's concurrency cap, shared by every replica: slot rows in PostgreSQL, each held by one check at a time until
/// released or expired. Taking a slot is one statement; two replicas racing for the same free slot both try the insert,
/// and the loser's conflict update finds it held and returns nothing.
/// </summary>
public sealed class SourceLeases(SourceAccessDbContext db)
{
    public async Task<int?> TryAcquireAsync(string sourceKey, int maxConcurrency, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var slots = await db.Database.SqlQuery<int>($"""
            WITH free AS (
                SELECT s AS slot FROM generate_series(0, {maxConcurrency} - 1) AS s
                WHERE NOT EXISTS (SELECT 1 FROM source_leases l WHERE l.source_key = {sourceKey} AND l.slot = s AND l.expires_at > now())
                ORDER BY random() LIMIT 1)
            INSERT INTO source_leases (source_key, slot, holder, expires_at)
            SELECT {sourceKey}, slot, {holder}, now() + {duration} FROM free
            ON CONFLICT (source_key, slot) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE source_leases.expires_at <= now()
            RETURNING slot AS "Value"
            """).ToListAsync(cancellationToken);
        return slots.Count == 0 ? null : slots[0];
    }

    public Task<int> RenewAsync(string sourceKey, int slot, string holder, TimeSpan duration, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE source_leases SET expires_at = now() + {duration} WHERE source_key = {sourceKey} AND slot = {slot} AND holder = {holder}
            """, cancellationToken);

    public Task<int> ReleaseAsync(string sourceKey, int slot, string holder, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            DELETE FROM source_leases WHERE source_key = {sourceKey} AND slot = {slot} AND holder = {holder}
            """, cancellationToken);
}
