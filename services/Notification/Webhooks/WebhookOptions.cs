namespace Migration.Notification.Webhooks;

/// <summary>Configuration section <c>Notification:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Notification:Webhooks";

    /// <summary>
    /// The key that encrypts subscription secrets at rest (docs/decisions/0021c): any string of at least 32 characters
    /// with that much entropy; the AES key is derived from it. Required.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>Earlier keys, still used to decrypt secrets stored under them while they are re-encrypted.</summary>
    public List<string> PreviousSecretKeys { get; set; } = [];

    /// <summary>Plain http targets (a local run's receiver); never in production.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>Networks in CIDR notation that targets may be in although the address policy refuses them (e.g. 127.0.0.0/8).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>How long one delivery attempt may take, connection included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries in flight at once per replica.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Tries in flight at once for one subscription, across replicas, so that a slow subscriber cannot take every slot.</summary>
    public int MaxConcurrencyPerSubscription { get; set; } = 4;

    /// <summary>How often the worker looks for due deliveries when nothing signalled one.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The delay before the second try; each later one doubles it, up to <see cref="MaxRetryDelay"/>, with ±20% jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Tries go on until a 2xx or until this long after the event: at least 24 hours in production.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(25);

    /// <summary>Subscriptions an operator may have.</summary>
    public int MaxSubscriptionsPerOperator { get; set; } = 100;
}
