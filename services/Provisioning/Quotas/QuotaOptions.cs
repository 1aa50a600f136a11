namespace Migration.Provisioning.Quotas;

/// <summary>One of Graph's write quotas: at most <see cref="Limit"/> writes per <see cref="Window"/>.</summary>
public sealed class QuotaLimit
{
    public int Limit { get; set; }
    public TimeSpan Window { get; set; }

    /// <summary>The bucket's size: how many writes may go at once after a quiet spell (default: the whole limit).</summary>
    public int? Burst { get; set; }

    public double Capacity => Math.Max(1, Burst ?? Limit);
    public double RefillPerSecond => Limit / Math.Max(0.001, Window.TotalSeconds);
}

/// <summary>
/// Section <c>Provisioning:Quotas</c>: Microsoft Graph's documented identity write quotas (docs/decisions/0021b). Every
/// write takes a token from all three buckets at once, in PostgreSQL, so the limits hold across every replica.
/// </summary>
public sealed class QuotaOptions
{
    /// <summary>Per app and tenant: 3,000 writes per 2 minutes 30 seconds.</summary>
    public QuotaLimit AppTenant { get; set; } = new() { Limit = 3_000, Window = TimeSpan.FromSeconds(150) };

    /// <summary>Per tenant, all apps together: 18,000 writes per 5 minutes.</summary>
    public QuotaLimit Tenant { get; set; } = new() { Limit = 18_000, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Per app, all tenants together: 70,000 writes per 5 minutes.</summary>
    public QuotaLimit App { get; set; } = new() { Limit = 70_000, Window = TimeSpan.FromMinutes(5) };

    /// <summary>How long a write waits in the worker for a token before its job is given back and taken up later.</summary>
    public TimeSpan MaxWaitInWorker { get; set; } = TimeSpan.FromSeconds(2);
}
