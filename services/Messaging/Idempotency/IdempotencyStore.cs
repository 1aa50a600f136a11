using Microsoft.EntityFrameworkCore;

namespace Migration.Messaging.Idempotency;

internal enum ClaimOutcome
{
    /// <summary>This request is to run: no request had the key, or its earlier run was cut off.</summary>
    Run,

    /// <summary>The same request ran and answered: answer the same again.</summary>
    Replay,

    /// <summary>The same request is running now.</summary>
    InProgress,

    /// <summary>The key was used for a different request.</summary>
    Mismatch,
}

/// <summary>
/// The service database's table of idempotent requests. Each statement commits on its own: a claim is visible to a
/// concurrent retry at once, before the request's own work begins.
/// </summary>
internal sealed class IdempotencyStore(DbContext db, TimeProvider clock)
{
    public async Task<(ClaimOutcome Outcome, IdempotentRequest? Earlier)> ClaimAsync(Guid operatorId, string key, byte[] requestHash,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"DELETE FROM idempotent_requests WHERE created_at < {now - IdempotencyKeys.Retention}", cancellationToken);
        while (true)
        {
            var claimed = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idempotent_requests (operator_id, key, request_hash, created_at, claimed_at)
                VALUES ({operatorId}, {key}, {requestHash}, {now}, {now}) ON CONFLICT DO NOTHING
                """, cancellationToken);
            if (claimed == 1)
            {
                return (ClaimOutcome.Run, null);
            }
            var earlier = await db.Set<IdempotentRequest>().AsNoTracking()
                .SingleOrDefaultAsync(r => r.OperatorId == operatorId && r.Key == key, cancellationToken);
            if (earlier is null)
            {
                continue; // released or expired in between
            }
            if (!earlier.RequestHash.AsSpan().SequenceEqual(requestHash))
            {
                return (ClaimOutcome.Mismatch, earlier);
            }
            if (earlier.StatusCode is not null)
            {
                return (ClaimOutcome.Replay, earlier);
            }
            if (earlier.ClaimedAt < now - IdempotencyKeys.AbandonedAfter && await TakeOverAsync(earlier, now, cancellationToken))
            {
                return (ClaimOutcome.Run, null);
            }
            return (ClaimOutcome.InProgress, earlier);
        }
    }

    public Task CompleteAsync(Guid operatorId, string key, int statusCode, string? contentType, byte[] body) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE idempotent_requests SET status_code = {statusCode}, content_type = {contentType}, body = {body}
            WHERE operator_id = {operatorId} AND key = {key}
            """, CancellationToken.None);

    /// <summary>The request did not complete (a fault, not the caller's mistake): a retry with the key runs it again.</summary>
    public Task ReleaseAsync(Guid operatorId, string key) =>
        db.Database.ExecuteSqlAsync(
            $"DELETE FROM idempotent_requests WHERE operator_id = {operatorId} AND key = {key} AND status_code IS NULL", CancellationToken.None);

    private async Task<bool> TakeOverAsync(IdempotentRequest abandoned, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotent_requests SET claimed_at = {now}
            WHERE operator_id = {abandoned.OperatorId} AND key = {abandoned.Key} AND status_code IS NULL AND claimed_at = {abandoned.ClaimedAt}
            """, cancellationToken) == 1;
}
