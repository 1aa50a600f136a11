namespace Migration.Messaging.Redelivery;

/// <summary>How a consumer's failures are retried (configuration section <c>Messaging:Redelivery</c>).</summary>
public sealed class TransientRedeliveryOptions
{
    /// <summary>Retries in memory, for any failure: a deadlock or a lost race is over within them, a bug fails them all.</summary>
    public TimeSpan[] QuickRetries { get; set; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    /// <summary>
    /// After the quick retries, a transient failure waits in RabbitMQ for the next of these delays (the last repeats) and
    /// is delivered again.
    /// </summary>
    public TimeSpan[] Delays { get; set; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5),
    ];

    /// <summary>How long after its first transient failure a message is still delivered again; after that, its error queue.</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The kill switch: once transient failures are this share (percent) of the messages an endpoint consumed, it stops
    /// consuming for <see cref="PauseFor"/>, so the queue holds the messages while the dependency is down.
    /// </summary>
    public int TripThresholdPercent { get; set; } = 10;

    /// <summary>Consumed messages before the kill switch can trip.</summary>
    public int ActivationThreshold { get; set; } = 2;

    public TimeSpan PauseFor { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The delay before delivery number <paramref name="redelivery"/> (1 for the first redelivery).</summary>
    public TimeSpan DelayBefore(int redelivery) => Delays[Math.Clamp(redelivery - 1, 0, Delays.Length - 1)];
}
