namespace Migration.SourceAccess.Checks;

/// <summary>Section <c>SourceAccess:Checks</c>.</summary>
public sealed class CheckOptions
{
    /// <summary>Checks one replica runs at once, over all sources (each source's own cap is its projects' maxConcurrency).</summary>
    public int Workers { get; set; } = 16;

    /// <summary>How often an idle replica looks for due checks.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claimed check or a held concurrency slot stays someone's without being renewed (a crashed replica's come back after it).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>When a check whose source could not be reached (or throttled) is tried again.</summary>
    public TimeSpan RetryUnavailableAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Overrides every project's recheckEveryHours (tests use seconds); null in production.</summary>
    public TimeSpan? RecheckEvery { get; set; }

    /// <summary>Checks one holder of a slot runs before it lets other sources have the worker.</summary>
    public int ChecksPerLease { get; set; } = 50;
}
