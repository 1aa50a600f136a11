namespace Migration.Contracts;

/// <summary>
/// The benchmark's baseline endpoint of credential-reception, which the gateway routes too: both exist only when the
/// setting is true (bench/Migration.Benchmarks sets it), never in a normal run.
/// </summary>
public static class BenchmarkBaseline
{
    public const string EnabledSetting = "Benchmark:BaselineEndpoint";
    public const string Path = "/v1/benchmark/baseline";
}
