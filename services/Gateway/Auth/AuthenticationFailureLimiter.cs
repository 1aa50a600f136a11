using System.Threading.RateLimiting;

namespace Migration.Gateway.Auth;

public sealed class AuthenticationFailureLimitOptions
{
    public const string Section = "Gateway:AuthenticationFailureRateLimit";

    public int PermitsPerSecond { get; set; } = 1;
    public int Burst { get; set; } = 20;
}

/// <summary>
/// Requests without a valid key, counted per client address: a missing, malformed or unknown key costs a token, and
/// an address without tokens gets 429 before its next key costs a database lookup.
/// </summary>
public sealed class AuthenticationFailureLimiter(AuthenticationFailureLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        }));

    public AuthenticationFailureLimitOptions Options => options;

    /// <summary>Whether the address may still fail; takes nothing. Asked before a key costs a lookup.</summary>
    public bool MayFail(string address, out TimeSpan retryAfter) => Acquire(address, 0, out retryAfter);

    /// <summary>Counts one failure; false when the address is over its limit.</summary>
    public bool CountFailure(string address, out TimeSpan retryAfter) => Acquire(address, 1, out retryAfter);

    private bool Acquire(string address, int permits, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address, permits);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
