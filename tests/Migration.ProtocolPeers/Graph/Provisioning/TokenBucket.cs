namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>
/// A token bucket as Graph's identity quotas count writes: <see cref="Capacity"/> writes per <see cref="Period"/>, full at
/// start, refilled continuously at Capacity/Period. Pure: the caller passes the time; not thread-safe (callers lock).
/// </summary>
public sealed class TokenBucket(int capacity, TimeSpan period, DateTimeOffset now)
{
    private double _tokens = capacity;
    private DateTimeOffset _updated = now;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public TimeSpan Period { get; } = period > TimeSpan.Zero ? period : throw new ArgumentOutOfRangeException(nameof(period));

    public double Available(DateTimeOffset now)
    {
        Refill(now);
        return _tokens;
    }

    /// <summary>How long until one token is there: zero when one is there now.</summary>
    public TimeSpan WaitForOne(DateTimeOffset now)
    {
        Refill(now);
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling((1 - _tokens) * Period.Ticks / Capacity));
    }

    /// <summary>Takes one token; the caller checked <see cref="WaitForOne"/> is zero first.</summary>
    public void Take(DateTimeOffset now)
    {
        Refill(now);
        _tokens -= 1;
    }

    private void Refill(DateTimeOffset now)
    {
        if (now > _updated)
        {
            _tokens = Math.Min(Capacity, _tokens + (now - _updated).Ticks * (double)Capacity / Period.Ticks);
            _updated = now;
        }
    }
}
