using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Migration.Contracts;

namespace Migration.Benchmarks;

/// <summary>
/// Source-password submissions through the gateway (POST /v1/reception/{token}: rate limits, proxy, token lookup,
/// AES-GCM, vault row, outbox events, one round trip) against a baseline in the same run: a bare endpoint of the same
/// service inserting one row into the same PostgreSQL, called the same way (through the gateway, and directly).
/// </summary>
public static class ReceptionBenchmark
{
    private static readonly int[] Rates = [50, 100, 200];
    private static readonly TimeSpan RateDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SaturationDuration = TimeSpan.FromSeconds(5);
    // Enough for every path to keep both cores busy: with 16, submissions (which wait on two round trips and a commit)
    // left a tenth of the CPU to the lowest-priority mail catcher.
    private const int SaturationClients = 32;

    public static async Task<string> RunAsync(PlatformUnderTest platform)
    {
        var tokensNeeded = 150 + 2 * Rates.Sum(r => r * (int)RateDuration.TotalSeconds) + 80000;
        var tokens = new ConcurrentQueue<string>(await PrepareTokensAsync(platform, tokensNeeded));
        using var service = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.Notification);
        var gateway = platform.Gateway;

        Task<bool> Reception() => SubmitAsync(gateway, tokens);
        Task<bool> Baseline() => SendAsync(service, BenchmarkBaseline.Path, null);
        Task<bool> BaselineThroughGateway() => SendAsync(gateway, BenchmarkBaseline.Path, null);
        Task<bool> BaselineWithEventThroughGateway() => SendAsync(gateway, BenchmarkBaseline.WithEventPath, null);
        // The same submission sent straight to the service: what the gateway hop adds is the difference.
        Task<bool> Direct() => SubmitAsync(service, tokens);

        await Warm(Reception, 50);
        await Warm(Direct, 50);
        await Warm(Baseline, 50);
        await Warm(BaselineThroughGateway, 50);
        await Warm(BaselineWithEventThroughGateway, 50);

        var rows = new StringBuilder();
        foreach (var rate in Rates)
        {
            var b = await FixedRateAsync(Baseline, rate);
            var bg = await FixedRateAsync(BaselineThroughGateway, rate);
            var d = await FixedRateAsync(Direct, rate);
            var r = await FixedRateAsync(Reception, rate);
            rows.AppendLine($"| {rate}/s | baseline straight to the service | {b.Throughput:F0}/s | {b.P50:F1} | {b.P99:F1} | {b.Failures} | {b.SlowestSentAt} |");
            rows.AppendLine($"| {rate}/s | baseline through the gateway | {bg.Throughput:F0}/s | {bg.P50:F1} | {bg.P99:F1} | {bg.Failures} | {bg.SlowestSentAt} |");
            rows.AppendLine($"| {rate}/s | reception straight to the service | {d.Throughput:F0}/s | {d.P50:F1} | {d.P99:F1} | {d.Failures} | {d.SlowestSentAt} |");
            rows.AppendLine($"| {rate}/s | reception through the gateway | {r.Throughput:F0}/s | {r.P50:F1} | {r.P99:F1} | {r.Failures} | {r.SlowestSentAt} |");
        }
        await SettleAsync();
        var baselineMax = await SaturateAsync(Baseline);
        await SettleAsync();
        var directMax = await SaturateAsync(Direct);
        var (baselineGatewayMax, receptionMax, cpuDuring, cpuBefore) = await HeadlinePairAsync(BaselineThroughGateway, Reception);
        var drained = await SettleAsync();
        var cpuAll = ProcessCpu.PerRequest(cpuBefore, ProcessCpu.Snapshot(), receptionMax.Requests);

        // What the architecture's transactional outbox costs on its own: the bare insert with one event in the same
        // statement, published by the dispatcher (nothing consumes it).
        var (withEventMax, cpuWithEvent) = await MeasuredAsync(BaselineWithEventThroughGateway);
        var (_, cpuBaseline) = await MeasuredAsync(BaselineThroughGateway);

        // The same, with the services downstream of the events stopped, as if on hosts of their own: what the endpoint
        // itself (lookup, AES-GCM, vault row, outbox, publishing) sustains while their work waits in RabbitMQ. At the
        // lowest priority instead of stopped, they still took their share of the full cores.
        CpuPriority.Pause(true, DownstreamServices);
        var (deferredMax, cpuDeferred) = await MeasuredAsync(Reception);
        CpuPriority.Pause(false, DownstreamServices);
        var drainedDeferred = await SettleAsync();

        // Runs on this machine vary by a quarter from one to the next, the baseline too: the headline pair is measured twice
        // more, each time baseline then reception, and the ratios are reported with their median.
        var ratios = new List<double> { receptionMax.Throughput / baselineGatewayMax.Throughput };
        var repeats = new StringBuilder();
        for (var round = 2; round <= 3; round++)
        {
            var (baselineAgain, receptionAgain, _, _) = await HeadlinePairAsync(BaselineThroughGateway, Reception);
            ratios.Add(receptionAgain.Throughput / baselineAgain.Throughput);
            repeats.Append($"; round {round}: {receptionAgain.Throughput:F0}/s against {baselineAgain.Throughput:F0}/s, {ratios[^1]:F2}");
        }
        var medianRatio = ratios.Order().ElementAt(ratios.Count / 2);

        // The headline pair once more with PostgreSQL on a core of its own, as on a host of its own in production: the
        // ratio then compares the service tier's work, without the database's share of the same two cores.
        CpuPriority.SeparateDatabaseCore(apart: true);
        var (baselineApart, receptionApart, cpuApart, _) = await HeadlinePairAsync(BaselineThroughGateway, Reception);
        CpuPriority.SeparateDatabaseCore(apart: false);

        return $"""
            ## Source-password submissions

            Fixed (open-loop) rates, {RateDuration.TotalSeconds:F0} s each; latencies in ms measured by the client.

            | offered | path | achieved | p50 | p99 | failures | slowest 1% sent at (s) |
            |--------:|------|---------:|----:|----:|---------:|------|
            {rows.ToString().TrimEnd()}

            Saturation, {SaturationClients} concurrent clients for {SaturationDuration.TotalSeconds:F0} s:

            | path | throughput | p50 | p99 | failures | cores busy (at lowest priority) | vs. the baseline on the same path | vs. the baseline straight to the service |
            |------|-----------:|----:|----:|---------:|----:|------:|------:|
            | baseline (bare insert endpoint, same service and PostgreSQL) straight to the service | {baselineMax.Throughput:F0}/s | {baselineMax.P50:F1} | {baselineMax.P99:F1} | {baselineMax.Failures} | {baselineMax.Busy} | 1.00 | 1.00 |
            | baseline through the gateway | {baselineGatewayMax.Throughput:F0}/s | {baselineGatewayMax.P50:F1} | {baselineGatewayMax.P99:F1} | {baselineGatewayMax.Failures} | {baselineGatewayMax.Busy} | 1.00 | {baselineGatewayMax.Throughput / baselineMax.Throughput:F2} |
            | `POST /v1/reception/:token` straight to credential-reception | {directMax.Throughput:F0}/s | {directMax.P50:F1} | {directMax.P99:F1} | {directMax.Failures} | {directMax.Busy} | {directMax.Throughput / baselineMax.Throughput:F2} | {directMax.Throughput / baselineMax.Throughput:F2} |
            | `POST /v1/reception/:token` through the gateway | {receptionMax.Throughput:F0}/s | {receptionMax.P50:F1} | {receptionMax.P99:F1} | {receptionMax.Failures} | {receptionMax.Busy} | **{receptionMax.Throughput / baselineGatewayMax.Throughput:F2}** | {receptionMax.Throughput / baselineMax.Throughput:F2} |
            | the bare insert and one event through the outbox (nothing consumes it), through the gateway | {withEventMax.Throughput:F0}/s | {withEventMax.P50:F1} | {withEventMax.P99:F1} | {withEventMax.Failures} | {withEventMax.Busy} | {withEventMax.Throughput / baselineGatewayMax.Throughput:F2} | {withEventMax.Throughput / baselineMax.Throughput:F2} |
            | the same, migrations and notification stopped (their events wait in RabbitMQ) | {deferredMax.Throughput:F0}/s | {deferredMax.P50:F1} | {deferredMax.P99:F1} | {deferredMax.Failures} | {deferredMax.Busy} | {deferredMax.Throughput / baselineGatewayMax.Throughput:F2} | {deferredMax.Throughput / baselineMax.Throughput:F2} |

            CPU per request through the gateway, ms by process: the baseline, {cpuBaseline}; the baseline with one event,
            {cpuWithEvent}. Reception against the baseline with one event: {receptionMax.Throughput / withEventMax.Throughput:F2}.

            CPU per submission through the gateway, ms by process: during the saturation window, {cpuDuring}; and
            with the work of the events it caused, until the machine was quiet again {drained.TotalSeconds:F0} s later
            (the don't-change-your-password email included; the mail catcher runs at the lowest priority), {cpuAll}.
            With migrations and notification stopped: during the window, {cpuDeferred}; once they were resumed, their work
            was done {drainedDeferred.TotalSeconds:F0} s later.

            Reception through the gateway against the baseline through the gateway, three rounds: round 1 (above) {ratios[0]:F2}{repeats};
            **median {medianRatio:F2}**.

            With PostgreSQL on the first core and everything else on the second: the baseline through the gateway
            {baselineApart.Throughput:F0}/s (cores busy {baselineApart.Busy}), reception through the gateway {receptionApart.Throughput:F0}/s
            (p99 {receptionApart.P99:F1} ms, cores busy {receptionApart.Busy}): {receptionApart.Throughput / baselineApart.Throughput:F2}.
            CPU per submission: {cpuApart}.

            Kernel session autogroups: {(platform.SessionAutogroupsOff ? "off while measuring" : "ON (not root?): nice values order processes only within a session, and every PostgreSQL backend is a session of its own")}.

            Targets: at least 0.5 of the baseline's throughput, and p99 under 50 ms at 200 requests/s.
            """;
    }

    /// <summary>
    /// Only the headline pair, <paramref name="rounds"/> times, for trying a change quickly; with
    /// <paramref name="statements"/>, also what PostgreSQL spent per submission by statement in the last reception window.
    /// </summary>
    public static async Task<string> HeadlineAsync(PlatformUnderTest platform, int rounds, bool statements)
    {
        var tokens = new ConcurrentQueue<string>(await PrepareTokensAsync(platform, (rounds + 1) * 25000));
        var gateway = platform.Gateway;
        Task<bool> Reception() => SubmitAsync(gateway, tokens);
        Task<bool> Baseline() => SendAsync(gateway, BenchmarkBaseline.Path, null);
        // Without the fixed-rate segments of the full run before it, the first window would still be compiling: the
        // JIT's tiering took a fifth of the machine there. One unmeasured window of each path first.
        await SaturateAsync(Baseline);
        await SaturateAsync(Reception);

        var lines = new StringBuilder();
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            if (statements && round == rounds)
            {
                await PostgresStatements.ResetAsync(platform);
            }
            var (baseline, reception, cpu, _) = await HeadlinePairAsync(Baseline, Reception);
            ratios.Add(reception.Throughput / baseline.Throughput);
            lines.AppendLine($"- round {round}: reception {reception.Throughput:F0}/s (p99 {reception.P99:F1} ms) against the baseline's {baseline.Throughput:F0}/s: " +
                             $"**{ratios[^1]:F2}**; CPU per submission: {cpu}");
            if (statements && round == rounds)
            {
                lines.AppendLine().AppendLine(await PostgresStatements.ReportAsync(platform, baseline.Requests, reception.Requests));
            }
        }
        return $"""
            ## Source-password submissions: the headline pair only

            Reception through the gateway against the baseline through the gateway, {SaturationClients} clients, {SaturationDuration.TotalSeconds:F0} s each:

            {lines.ToString().TrimEnd()}

            Median {ratios.Order().ElementAt(ratios.Count / 2):F2}.
            """;
    }

    private static readonly string[] DownstreamServices = ["Migration.Migrations", "Migration.Notification"];

    private sealed record Result(double Throughput, double P50, double P99, int Failures, int Requests, string SlowestSentAt = "", string Busy = "");

    /// <summary>
    /// The headline pair, each once the machine is quiet: the baseline through the gateway, then reception through the
    /// gateway, with the CPU each submission cost every process (and the snapshot taken before it, to count what follows).
    /// </summary>
    private static async Task<(Result Baseline, Result Reception, string Cpu, Dictionary<string, double> CpuBefore)> HeadlinePairAsync(
        Func<Task<bool>> baseline, Func<Task<bool>> reception)
    {
        await SettleAsync();
        var baselineResult = await SaturateAsync(baseline);
        await SettleAsync();
        var before = ProcessCpu.Snapshot();
        // For a profiler started by hand: the line marks the window to record.
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} reception window starts");
        var receptionResult = await SaturateAsync(reception);
        return (baselineResult, receptionResult, ProcessCpu.PerRequest(before, ProcessCpu.Snapshot(), receptionResult.Requests), before);
    }

    /// <summary>One saturation window once the machine is quiet, with the CPU each request cost every process.</summary>
    private static async Task<(Result Result, string Cpu)> MeasuredAsync(Func<Task<bool>> send)
    {
        await SettleAsync();
        var before = ProcessCpu.Snapshot();
        var result = await SaturateAsync(send);
        return (result, ProcessCpu.PerRequest(before, ProcessCpu.Snapshot(), result.Requests));
    }

    /// <summary>Between segments: the events one segment caused are handled before the next is measured.</summary>
    private static Task<TimeSpan> SettleAsync() => ProcessCpu.WaitForQuietAsync(TimeSpan.FromMinutes(5));

    private static async Task<Result> FixedRateAsync(Func<Task<bool>> send, int rate)
    {
        await SettleAsync();
        var count = rate * (int)RateDuration.TotalSeconds;
        var latencies = new double[count];
        var failures = 0;
        var started = Stopwatch.StartNew();
        var requests = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > started.Elapsed)
            {
                await Task.Delay(due - started.Elapsed);
            }
            var index = i;
            requests.Add(Task.Run(async () =>
            {
                var watch = Stopwatch.StartNew();
                if (!await send())
                {
                    Interlocked.Increment(ref failures);
                }
                latencies[index] = watch.Elapsed.TotalMilliseconds;
            }));
        }
        await Task.WhenAll(requests);
        var slowestSentAt = SlowestSentAt(latencies, rate);
        return Summarise(latencies, count, started.Elapsed, failures) with { SlowestSentAt = slowestSentAt };
    }

    private static async Task<Result> SaturateAsync(Func<Task<bool>> send)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var ticks = ProcessCpu.MachineTicks();
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, SaturationClients).Select(_ => Task.Run(async () =>
        {
            while (started.Elapsed < SaturationDuration)
            {
                var watch = Stopwatch.StartNew();
                if (!await send())
                {
                    Interlocked.Increment(ref failures);
                }
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        })));
        return Summarise(latencies.ToArray(), latencies.Count, started.Elapsed, failures) with { Busy = ProcessCpu.Busy(ticks, ProcessCpu.MachineTicks()) };
    }

    /// <summary>
    /// When the slowest 1% of a fixed-rate segment were sent, as tenth-of-a-second windows: a few adjacent windows point
    /// at one stall somewhere in the machine, windows spread over the segment at steady contention.
    /// </summary>
    private static string SlowestSentAt(double[] latencies, int rate)
    {
        var slowest = latencies.Select((latency, index) => (latency, index)).OrderByDescending(x => x.latency)
            .Take(Math.Max(1, latencies.Length / 100)).Select(x => Math.Round(x.index / (double)rate, 1)).Distinct().Order();
        return string.Join(" ", slowest.Select(t => t.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Sorts <paramref name="latencies"/> in place.</summary>
    private static Result Summarise(double[] latencies, int count, TimeSpan elapsed, int failures)
    {
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        return new Result(count / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99), failures, count);
    }

    private static async Task Warm(Func<Task<bool>> send, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await send();
        }
    }

    /// <summary>A source password on the next unused reception link.</summary>
    private static Task<bool> SubmitAsync(HttpClient client, ConcurrentQueue<string> tokens) => tokens.TryDequeue(out var token)
        ? SendAsync(client, $"/v1/reception/{token}", """{ "sourcePassword": "Bench-Passw0rd!" }""")
        : throw new InvalidOperationException("The benchmark ran out of reception links.");

    private static async Task<bool> SendAsync(HttpClient client, string path, string? json)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        return response.StatusCode == System.Net.HttpStatusCode.Accepted;
    }

    /// <summary>One mailbox and one fresh reception link per submission: a link takes a source password once.</summary>
    private static async Task<List<string>> PrepareTokensAsync(PlatformUnderTest platform, int count)
    {
        var key = await platform.CreateOperatorAsync();
        using var project = new HttpRequestMessage(HttpMethod.Post, "/v1/projects")
        {
            Content = new StringContent("""
                { "name": "Reception bench", "customer": { "name": "Contoso", "domain": "contoso.com" },
                  "source": { "kind": "imap", "accessMethod": "password", "host": "imap.contoso.com" },
                  "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly" }
                """, Encoding.UTF8, "application/json"),
        };
        project.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var created = await platform.Gateway.SendAsync(project);
        var projectId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        var csv = new StringBuilder("sourceAddress,destinationUpn\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append($"bench{i}@contoso.com,bench{i}@contoso.onmicrosoft.com\n");
        }
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes") { Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv") };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await platform.Gateway.SendAsync(upload)).EnsureSuccessStatusCode();

        var mailboxIds = new List<string>();
        for (var page = 1; mailboxIds.Count < count; page++)
        {
            using var list = new HttpRequestMessage(HttpMethod.Get, $"/v1/projects/{projectId}/mailboxes?page={page}&pageSize=1000");
            list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await platform.Gateway.SendAsync(list);
            mailboxIds.AddRange((await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        }

        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.Notification);
        var tokens = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(mailboxIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (mailboxId, cancellationToken) =>
        {
            for (var attempt = 0; ; attempt++)
            {
                using var response = await internalApi.PostAsync($"/internal/mailboxes/{mailboxId}/reception-link", null, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var url = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["receptionUrl"]!.GetValue<string>();
                    tokens.Add(url[(url.LastIndexOf('/') + 1)..]);
                    return;
                }
                // The vault learns of new mailboxes from events, a moment after the upload.
                await Task.Delay(200, cancellationToken);
                if (attempt > 100) response.EnsureSuccessStatusCode();
            }
        });
        return tokens.ToList();
    }
}
