namespace Migration.Provisioning.Jobs;

/// <summary>Section <c>Provisioning:Jobs</c>.</summary>
public sealed class JobOptions
{
    /// <summary>Jobs one replica runs at once, over all tenants.</summary>
    public int Workers { get; set; } = 16;

    /// <summary>
    /// How long the jobs under way when the replica is told to stop may go on: a write already sent gets its answer, and
    /// a 429 it brings blocks its scope for every replica, instead of being lost with the process. Then they are cancelled.
    /// </summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle worker looks for due jobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claimed job stays its replica's without renewal: a crashed replica's jobs are taken over after it.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first delay after a passing fault (5xx, timeout, vault away), doubling up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryFirstDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A job that meets only passing faults for this long fails with internalError.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);
}
