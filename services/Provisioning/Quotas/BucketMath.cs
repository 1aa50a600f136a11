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

    /// <summary>
    /// A token is reserved from every bucket at once, or from none: only when none is blocked and each will hold one within
    /// <paramref name="maxWait"/> (a bucket may go below zero: the writes reserved ahead of time). Granted, the wait is when
    /// the reserved token is there (the caller sends then); refused, how long until one could be reserved.
    /// </summary>
    public static (bool Granted, TimeSpan Wait) Take(IReadOnlyList<BucketState> buckets, DateTimeOffset now, TimeSpan maxWait, double cost = 1)
    {
        var wait = TimeSpan.Zero;
        var blocked = TimeSpan.Zero;
        foreach (var bucket in buckets)
        {
            var available = Available(bucket.Tokens, bucket.Capacity, bucket.RefillPerSecond, now - bucket.UpdatedAt);
            wait = Max(wait, WaitFor(available, bucket.RefillPerSecond, cost));
            blocked = Max(blocked, bucket.BlockedUntil is { } until && until > now ? until - now : TimeSpan.Zero);
        }
        var granted = blocked == TimeSpan.Zero && wait <= maxWait;
        return (granted, granted ? wait : Max(wait, blocked));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

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
