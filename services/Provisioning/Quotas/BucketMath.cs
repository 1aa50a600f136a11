namespace Migration.Provisioning.Quotas;

/// <summary>
/// The token-bucket arithmetic that <see cref="WriteQuotas"/>' statement does in SQL, as pure functions: the tests pin it
/// here and the statement follows it term by term.
/// </summary>
public static class BucketMath
{
    /// <summary>The tokens a bucket holds after <paramref name="elapsed"/>, never more than its capacity; time never runs back.</summary>
    public static double Available(double tokens, double capacity, double refillPerSecond, TimeSpan elapsed) =>
        Math.Min(capacity, tokens + Math.Max(0, elapsed.TotalSeconds) * refillPerSecond);

    /// <summary>How long until a bucket holding <paramref name="available"/> can give <paramref name="cost"/> tokens.</summary>
    public static TimeSpan WaitFor(double available, double refillPerSecond, double cost = 1) =>
        available >= cost ? TimeSpan.Zero : TimeSpan.FromSeconds((cost - available) / refillPerSecond);

    /// <summary>A token is given only when every bucket has one and none is blocked; else the wait is the longest of theirs.</summary>
    public static (bool Granted, TimeSpan Wait) Take(IReadOnlyList<BucketState> buckets, DateTimeOffset now, double cost = 1)
    {
        var wait = TimeSpan.Zero;
        foreach (var bucket in buckets)
        {
            var available = Available(bucket.Tokens, bucket.Capacity, bucket.RefillPerSecond, now - bucket.UpdatedAt);
            var blocked = bucket.BlockedUntil is { } until && until > now ? until - now : TimeSpan.Zero;
            var needed = WaitFor(available, bucket.RefillPerSecond, cost);
            wait = new[] { wait, blocked, needed }.Max();
        }
        return (wait == TimeSpan.Zero, wait);
    }

    /// <summary>
    /// When a throttled scope may be written to again: the answer's Retry-After (seconds or an HTTP date), else the
    /// default; never before now.
    /// </summary>
    public static DateTimeOffset RetryAt(DateTimeOffset now, TimeSpan? delta, DateTimeOffset? date, TimeSpan fallback)
    {
        var at = delta is { } seconds ? now + seconds : date ?? now + fallback;
        return at < now ? now : at;
    }
}

/// <summary>A bucket's row as the arithmetic reads it.</summary>
public sealed record BucketState(double Tokens, double Capacity, double RefillPerSecond, DateTimeOffset UpdatedAt, DateTimeOffset? BlockedUntil);
