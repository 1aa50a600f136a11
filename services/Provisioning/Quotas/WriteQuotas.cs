using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Provisioning.Data;

namespace Migration.Provisioning.Quotas;

/// <summary>The answer to a request for a write token: given, or how long until one can be.</summary>
public sealed record QuotaAnswer(bool Granted, double WaitSeconds)
{
    public TimeSpan Wait => TimeSpan.FromSeconds(Math.Max(0, WaitSeconds));
}

/// <summary>
/// Graph's write quotas as token buckets in PostgreSQL, shared by every replica. A write takes a token from its app+tenant,
/// tenant and app buckets in one statement (the rows locked in scope order, so two takers never deadlock), and only when
/// none is blocked by a 429 and each will hold one within the caller's longest wait: the token is reserved, the bucket
/// may go below zero, and the caller sends its write when the token is there. So every write costs one statement and
/// waiting writers never poll. The arithmetic is <see cref="BucketMath.Take"/>'s.
/// </summary>
public sealed class WriteQuotas(ProvisioningDbContext db, IOptions<QuotaOptions> options)
{
    private static readonly ConcurrentDictionary<string, (double Capacity, double Rate)> Ensured = new();

    public async Task<QuotaAnswer> TryTakeAsync(QuotaScopes scopes, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        await EnsureAsync(scopes, cancellationToken);
        var names = scopes.All.ToArray();
        var longest = maxWait.TotalSeconds;
        var answers = await db.Database.SqlQuery<QuotaAnswer>($"""
            WITH current AS (
                SELECT scope, refill_per_second AS rate, blocked_until,
                    least(capacity, tokens + greatest(0, extract(epoch FROM now() - updated_at)::float8) * refill_per_second) AS available
                FROM write_buckets WHERE scope = ANY({names}) ORDER BY scope FOR UPDATE),
            verdict AS (
                SELECT count(*) = {names.Length}
                        AND coalesce(bool_and((blocked_until IS NULL OR blocked_until <= now()) AND (1 - available) / rate <= {longest}), false) AS granted,
                    coalesce(max(greatest((1 - available) / rate, 0)), 0) AS wait,
                    coalesce(max(extract(epoch FROM blocked_until - now())::float8), 0) AS blocked
                FROM current),
            taken AS (
                UPDATE write_buckets b SET tokens = c.available - 1, updated_at = greatest(b.updated_at, now())
                FROM current c, verdict v WHERE v.granted AND b.scope = c.scope
                RETURNING b.scope)
            SELECT v.granted AS "Granted", CASE WHEN v.granted THEN v.wait ELSE greatest(v.wait, v.blocked) END AS "WaitSeconds" FROM verdict v
            """).ToListAsync(cancellationToken);
        return answers[0];
    }

    /// <summary>When the latest 429 of any of the scopes lets writes go again; null when none is blocked now.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(QuotaScopes scopes, CancellationToken cancellationToken)
    {
        var names = scopes.All.ToArray();
        var until = await db.Database.SqlQuery<DateTimeOffset?>($"""
            SELECT max(blocked_until) AS "Value" FROM write_buckets WHERE scope = ANY({names}) AND blocked_until > now()
            """).ToListAsync(cancellationToken);
        return until.Count > 0 ? until[0] : null;
    }

    /// <summary>A 429: nobody writes to the scope before <paramref name="until"/>, and its bucket starts again from empty.</summary>
    public async Task BlockAsync(string scope, DateTimeOffset until, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE write_buckets SET blocked_until = greatest(coalesce(blocked_until, {until}), {until}), tokens = 0,
                updated_at = greatest(updated_at, now())
            WHERE scope = {scope}
            """, cancellationToken);

    /// <summary>Creates the scopes' rows (full) once per process, and applies a changed configuration to existing ones.</summary>
    private async Task EnsureAsync(QuotaScopes scopes, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var wanted = new[] { (scopes.AppTenant, settings.AppTenant), (scopes.Tenant, settings.Tenant), (scopes.App, settings.App) }
            .Where(w => !Ensured.TryGetValue(w.Item1, out var known) || known != (w.Item2.Capacity, w.Item2.RefillPerSecond))
            .ToArray();
        if (wanted.Length == 0)
        {
            return;
        }
        var names = wanted.Select(w => w.Item1).ToArray();
        var capacities = wanted.Select(w => w.Item2.Capacity).ToArray();
        var rates = wanted.Select(w => w.Item2.RefillPerSecond).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO write_buckets (scope, tokens, capacity, refill_per_second, updated_at)
            SELECT s, c, c, r, now() FROM unnest({names}::text[], {capacities}::float8[], {rates}::float8[]) AS wanted(s, c, r)
            ON CONFLICT (scope) DO UPDATE SET capacity = excluded.capacity, refill_per_second = excluded.refill_per_second,
                tokens = least(write_buckets.tokens, excluded.capacity)
            WHERE write_buckets.capacity <> excluded.capacity OR write_buckets.refill_per_second <> excluded.refill_per_second
            """, cancellationToken);
        foreach (var (name, limit) in wanted)
        {
            Ensured[name] = (limit.Capacity, limit.RefillPerSecond);
        }
    }
}
