using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Migration.Benchmarks;

/// <summary>
/// A full, blocking garbage collection in another .NET process, asked for through its diagnostics port as dotnet-gcdump
/// asks for one: resident memory read after it holds what the process still uses, not what the GC has not collected yet.
/// </summary>
public static class InducedCollection
{
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>Collects, gives the runtime a moment to finish and hand memory back, and returns the resident memory then (MiB).</summary>
    public static async Task<double> CollectAndMeasureMiB(Process process)
    {
        var client = new DiagnosticsClient(process.Id);
        using (var session = client.StartEventPipeSession(
                   new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword),
                   requestRundown: false))
        {
            // The session's events are not needed, but unread they would fill its buffer.
            var drained = session.EventStream.CopyToAsync(Stream.Null);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await session.StopAsync(CancellationToken.None);
            await drained;
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        return PlatformUnderTest.ResidentMemoryMiB(process);
    }
}
