namespace Migration.Contracts;

/// <summary>
/// The benchmark's baseline endpoint of credential-reception, which the gateway routes too: both exist only when the
/// setting is true (bench/Migration.Benchmarks sets it), never in a normal run.
/// </summary>
public static class BenchmarkBaseline
{
    public const string EnabledSetting = "Benchmark:BaselineEndpoint";
    public const string Path = "/v1/benchmark/baseline";

    /// <summary>The same insert with one event in the same statement, through the outbox like every state change's events.</summary>
    public const string WithEventPath = "/v1/benchmark/baseline-with-event";
}

/// <summary>The event of the benchmark's second baseline; nothing subscribes to it, so the broker drops it once published.</summary>
public sealed record BenchmarkBaselineRowWritten : Events.IIntegrationEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid RowId { get; init; }
}
