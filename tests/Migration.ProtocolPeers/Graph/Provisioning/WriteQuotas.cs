namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>
/// Graph's documented identity write quotas (<c>Peers:Graph</c>): per app and tenant 3,000 writes per 150 s, per tenant
/// (all apps) 18,000 per 5 min, per app (all tenants) 70,000 per 5 min. <see cref="TimeScale"/> N runs them N times faster
/// (buckets refill N times faster, Retry-After shrinks accordingly, rounded up, at least 1 s).
/// <see cref="InFlightAllowanceMilliseconds"/>: a write arriving this soon after a 429 was answered was already on its way,
/// and is not counted as sent before the Retry-After.
/// </summary>
public sealed record GraphQuotaOptions
{
    public bool Enabled { get; init; } = true;
    public int AppTenantWrites { get; init; } = 3_000;
    public double AppTenantPeriodSeconds { get; init; } = 150;
    public int TenantWrites { get; init; } = 18_000;
    public double TenantPeriodSeconds { get; init; } = 300;
    public int AppWrites { get; init; } = 70_000;
    public double AppPeriodSeconds { get; init; } = 300;
    public double TimeScale { get; init; } = 1;
    public int InFlightAllowanceMilliseconds { get; init; } = 250;
}

/// <summary>The scope a write was throttled in, named as Graph's <c>x-ms-throttle-scope</c> names it.</summary>
public enum ThrottleScope
{
    Tenant_Application,
    Tenant,
    Application,
}

/// <summary>The quotas' answer to one write: admitted, or throttled in a scope for whole seconds.</summary>
public sealed record QuotaDecision(bool Admitted, ThrottleScope? Scope = null, int RetryAfterSeconds = 0, bool BeforeRetryAfter = false)
{
    /// <summary><c>&lt;Scope&gt;/&lt;Limit&gt;/&lt;ApplicationId&gt;/&lt;TenantId&gt;</c>, as Graph's identity service writes it.</summary>
    public string? ScopeHeader(string appId, string tenantId) => Scope is { } scope ? $"{scope}/Write/{appId}/{tenantId}" : null;
}

/// <summary>
/// The write quotas as token buckets, one per app+tenant, per tenant and per app: a write takes a token of all three or
/// none; when one is empty the write is throttled in that scope (the one with the longest wait) for the time its bucket
/// needs to hold a token again. Remembers every Retry-After given, to tell which later writes came too soon.
/// </summary>
public sealed class WriteQuotas(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (DateTimeOffset GivenAt, DateTimeOffset NotBefore)> _retryAfters = new(StringComparer.OrdinalIgnoreCase);
    private GraphQuotaOptions _options = new();

    public GraphQuotaOptions Options
    {
        get { lock (_lock) { return _options; } }
        set
        {
            lock (_lock)
            {
                _options = value;
                _buckets.Clear();
                _retryAfters.Clear();
            }
        }
    }

    /// <summary>Forgets a tenant's buckets, so that new quotas of it apply from a full bucket.</summary>
    public void Reset(string tenantId)
    {
        lock (_lock)
        {
            foreach (var key in _buckets.Keys.Concat(_retryAfters.Keys).Where(k => k.EndsWith($"|{tenantId}", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                _buckets.Remove(key);
                _retryAfters.Remove(key);
            }
        }
    }

    public QuotaDecision TryWrite(string appId, string tenantId, TenantQuotas? tenantQuotas)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var options = _options;
            var keys = new (ThrottleScope Scope, string Key)[]
            {
                (ThrottleScope.Tenant_Application, $"{ThrottleScope.Tenant_Application}|{appId}|{tenantId}"),
                (ThrottleScope.Tenant, $"{ThrottleScope.Tenant}|{tenantId}"),
                (ThrottleScope.Application, $"{ThrottleScope.Application}|{appId}"),
            };
            var early = keys.Any(k => _retryAfters.TryGetValue(k.Key, out var given) && now < given.NotBefore
                && now > given.GivenAt.AddMilliseconds(tenantQuotas?.InFlightAllowanceMilliseconds ?? options.InFlightAllowanceMilliseconds));
            if (!options.Enabled)
            {
                return new QuotaDecision(true, BeforeRetryAfter: early);
            }
            var buckets = keys.Select(k => (k.Scope, k.Key, Bucket: BucketFor(k.Scope, k.Key, options, tenantQuotas, now))).ToList();
            var (scope, key, wait) = buckets.Select(b => (b.Scope, b.Key, Wait: b.Bucket.WaitForOne(now))).MaxBy(b => b.Wait);
            if (wait == TimeSpan.Zero)
            {
                buckets.ForEach(b => b.Bucket.Take(now));
                return new QuotaDecision(true, BeforeRetryAfter: early);
            }
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            _retryAfters[key] = (now, now.AddSeconds(seconds));
            return new QuotaDecision(false, scope, seconds, early);
        }
    }

    private TokenBucket BucketFor(ThrottleScope scope, string key, GraphQuotaOptions options, TenantQuotas? tenant, DateTimeOffset now)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            var (writes, period, timeScale) = scope switch
            {
                ThrottleScope.Tenant_Application => (tenant?.AppTenantWrites ?? options.AppTenantWrites,
                    tenant?.AppTenantPeriodSeconds ?? options.AppTenantPeriodSeconds, tenant?.TimeScale ?? options.TimeScale),
                ThrottleScope.Tenant => (tenant?.TenantWrites ?? options.TenantWrites, tenant?.TenantPeriodSeconds ?? options.TenantPeriodSeconds,
                    tenant?.TimeScale ?? options.TimeScale),
                _ => (options.AppWrites, options.AppPeriodSeconds, options.TimeScale),
            };
            bucket = new TokenBucket(writes, TimeSpan.FromSeconds(period / Math.Max(timeScale, 1e-6)), now);
            _buckets[key] = bucket;
        }
        return bucket;
    }
}
