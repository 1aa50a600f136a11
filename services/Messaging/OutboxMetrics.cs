using System.Diagnostics.Metrics;

namespace Migration.Messaging;

/// <summary>The outbox's instruments, exported with the other Migration.* meters.</summary>
public static class OutboxMetrics
{
    public const string MeterName = "Migration.Outbox";
    private static readonly Meter Meter = new(MeterName);

    /// <summary>Failed attempts to publish a row that the broker could otherwise take (unknown type, bad payload).</summary>
    public static readonly Counter<long> PoisonAttempts = Meter.CreateCounter<long>("migration.outbox.poison_attempts", description: "Failed attempts to publish an unpublishable outbox row");

    public static readonly Counter<long> Parked = Meter.CreateCounter<long>("migration.outbox.parked", description: "Outbox rows set aside as unpublishable");
}
