namespace Migration.Notification.Webhooks;

/// <summary>When a failed delivery is tried again: a pure function of the attempt count, the time and a jitter draw.</summary>
public static class RetrySchedule
{
    /// <summary>
    /// The next try after <paramref name="attempts"/> failed ones (≥ 1), or null when tries stop: a try that fails at
    /// or after <paramref name="createdAt"/> + <see cref="WebhookOptions.RetryFor"/> is the last, so that tries go on for at
    /// least that long. The delay doubles from <see cref="WebhookOptions.FirstRetryDelay"/> up to
    /// <see cref="WebhookOptions.MaxRetryDelay"/>, times a jitter factor from 0.8 to 1.2 (<paramref name="jitter"/> in [0, 1)).
    /// </summary>
    public static DateTimeOffset? Next(int attempts, DateTimeOffset createdAt, DateTimeOffset now, WebhookOptions options, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        if (now >= createdAt + options.RetryFor)
        {
            return null;
        }
        var exponent = Math.Min(attempts - 1, 30);
        var delayTicks = Math.Min(options.FirstRetryDelay.Ticks * Math.Pow(2, exponent), options.MaxRetryDelay.Ticks);
        var factor = 0.8 + 0.4 * Math.Clamp(jitter, 0, 1);
        return now + TimeSpan.FromTicks((long)(delayTicks * factor));
    }
}
