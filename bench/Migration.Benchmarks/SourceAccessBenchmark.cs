using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Migration.AppHost.Infrastructure;
using Migration.Contracts;

namespace Migration.Benchmarks;

/// <summary>
/// Source checks through the whole pipeline (credentials by CSV → vault → events → source-access → Dovecot → events →
/// every mailbox verified) against a baseline in the same run: a bare MailKit loop doing the same single PLAIN logins,
/// EXAMINE INBOX and logout against the same Dovecot at the same concurrency. Then, at idle, the time from an end user's
/// submission to the reception page's answer showing the result.
/// </summary>
public static class SourceAccessBenchmark
{
    private const int Concurrency = 8;

    public static async Task<string> RunAsync(PlatformUnderTest platform, int mailboxes = 2000, int rounds = 2)
    {
        var dovecot = platform.Dovecot;
        var key = await platform.CreateOperatorAsync();
        var report = new StringBuilder();
        report.AppendLine($"### Source checks: {mailboxes} IMAP mailboxes against Dovecot, {Concurrency} at once");
        report.AppendLine();
        report.AppendLine("| source | round | bare MailKit loop (baseline) | whole pipeline | ratio |");
        report.AppendLine("|--------|-------|------------------------------|----------------|-------|");
        var costs = new List<string>();
        var summaries = new List<string>();
        // On this machine, then as a customer's server is reached from a data centre: the same Dovecot behind a relay
        // that delays each direction, so that each of a check's round trips takes what it takes over a network.
        foreach (var oneWay in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(10) })
        {
            await using var relay = oneWay > TimeSpan.Zero ? new LatencyRelay(dovecot.Port, oneWay) : null;
            var port = relay?.Port ?? dovecot.Port;
            var source = relay is null ? "local" : $"{2 * oneWay.TotalMilliseconds:F0} ms round trip";
            var ratios = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var users = Enumerable.Range(0, mailboxes).Select(i => new DovecotUser($"sa{round}-{i}-{Guid.NewGuid():N}@bench.test", $"Bench-{i}-{Guid.NewGuid():N}")).ToList();
                DovecotUsers.Upsert(dovecot.PasswdFile, users);
                await Task.Delay(1500);
                await Settle();
                var cpu = Cpu.Start();
                var baseline = await BaselineAsync(port, users);
                costs.Add($"- {source}, round {round}, bare loop: {cpu.PerCheck(users.Count)}");
                await Settle();
                cpu = Cpu.Start();
                var pipeline = await PipelineAsync(platform, key, port, users);
                var untilVerified = cpu.PerCheck(users.Count);
                await ProcessCpu.WaitForQuietAsync(TimeSpan.FromMinutes(2));
                costs.Add($"- {source}, round {round}, pipeline until every mailbox verified: {untilVerified}");
                costs.Add($"- {source}, round {round}, pipeline until the machine is quiet again: {cpu.PerCheck(users.Count)}");
                ratios.Add(pipeline / baseline);
                report.AppendLine($"| {source} | {round} | {baseline:F0}/s | {pipeline:F0}/s | {pipeline / baseline:F2} |");
            }
            summaries.Add($"Pipeline / baseline, {source}, mean of {rounds} rounds: **{ratios.Average():F2}** (target ≥ 0.8).");
        }
        report.AppendLine();
        foreach (var summary in summaries)
        {
            report.AppendLine(summary);
            report.AppendLine();
        }
        report.AppendLine("CPU per mailbox (ms) by process of the platform (`benchmark` is this program: the MailKit client, or the readiness poller):");
        report.AppendLine();
        foreach (var cost in costs)
        {
            report.AppendLine(cost);
        }
        report.AppendLine();
        report.Append(await ReceptionLatencyAsync(platform, key, dovecot.Port));
        return report.ToString();
    }

    private static Task Settle() => Task.Delay(TimeSpan.FromSeconds(5));

    /// <summary>CPU of the platform's processes (this program's descendants) and of this program, from a start.</summary>
    private sealed record Cpu(Dictionary<string, double> Before)
    {
        private static readonly Lazy<int> Root = new(ProcessCpu.PlatformRoot);

        public static Cpu Start() => new(Snapshot());

        public string PerCheck(int checks) => ProcessCpu.PerRequest(Before, Snapshot(), checks);

        private static Dictionary<string, double> Snapshot()
        {
            var snapshot = ProcessCpu.Snapshot(Root.Value);
            snapshot["benchmark"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            return snapshot;
        }
    }

    /// <summary>Logins per second of a bare loop: exactly what one check does at the server, and nothing else.</summary>
    private static async Task<double> BaselineAsync(int port, IReadOnlyList<DovecotUser> users) =>
        (await ImapLoginBaseline.RunAsync("127.0.0.1", port, [.. users.Select(u => (u.Login, u.Password))], Concurrency)).LoginsPerSecond;

    /// <summary>Mailboxes verified per second, from the credentials upload until the readiness report counts them all.</summary>
    private static async Task<double> PipelineAsync(PlatformUnderTest platform, string key, int port, IReadOnlyList<DovecotUser> users)
    {
        var projectId = await CreateProjectAsync(platform, key, port, "manual");
        var mailboxCsv = new StringBuilder("sourceAddress,destinationUpn\n");
        var credentialCsv = new StringBuilder("sourceAddress,sourcePassword\n");
        foreach (var user in users)
        {
            mailboxCsv.Append($"{user.Login},{user.Login}\n");
            credentialCsv.Append($"{user.Login},{user.Password}\n");
        }
        (await SendAsync(platform, key, HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", new StringContent(mailboxCsv.ToString(), Encoding.UTF8, "text/csv"))).Dispose();
        await Settle();
        var clock = Stopwatch.StartNew();
        (await SendAsync(platform, key, HttpMethod.Post, $"/v1/projects/{projectId}/credentials", new StringContent(credentialCsv.ToString(), Encoding.UTF8, "text/csv"))).Dispose();
        while (true)
        {
            using var readiness = await SendAsync(platform, key, HttpMethod.Get, $"/v1/projects/{projectId}/readiness", null);
            var report = (await readiness.Content.ReadFromJsonAsync<JsonObject>())!;
            if (report["ready"]!.GetValue<int>() + report["failed"]!.GetValue<int>() >= users.Count)
            {
                if (report["failed"]!.GetValue<int>() > 0)
                {
                    throw new InvalidOperationException($"{report["failed"]} mailboxes failed their check: {report["failuresByReason"]}");
                }
                return users.Count / clock.Elapsed.TotalSeconds;
            }
            // Each poll costs the platform an aggregate over the project's mailboxes: four a second err by at most 2%.
            await Task.Delay(250);
        }
    }

    /// <summary>At idle: an end user submits the source password, and the page (GET /v1/reception/{token}) shows the check's result.</summary>
    private static async Task<string> ReceptionLatencyAsync(PlatformUnderTest platform, string key, int port, int samples = 40)
    {
        var users = Enumerable.Range(0, samples).Select(i => new DovecotUser($"lat-{i}-{Guid.NewGuid():N}@bench.test", $"Lat-{i}-{Guid.NewGuid():N}")).ToList();
        DovecotUsers.Upsert(platform.Dovecot.PasswdFile, users);
        await Task.Delay(1500);
        var projectId = await CreateProjectAsync(platform, key, port, "passwordReception");
        var csv = new StringBuilder("sourceAddress,destinationUpn\n");
        foreach (var user in users)
        {
            csv.Append($"{user.Login},{user.Login}\n");
        }
        (await SendAsync(platform, key, HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).Dispose();
        var tokens = await TokensAsync(platform, key, projectId, users.Count);
        await Settle();
        var latencies = new List<double>();
        for (var i = 0; i < users.Count; i++)
        {
            var byAddress = tokens[i];
            var user = users.Single(u => u.Login.Equals(byAddress.Address, StringComparison.OrdinalIgnoreCase));
            var clock = Stopwatch.StartNew();
            using (var submit = await platform.Gateway.PostAsJsonAsync($"/v1/reception/{byAddress.Token}", new { sourcePassword = user.Password }))
            {
                submit.EnsureSuccessStatusCode();
            }
            while (true)
            {
                var view = (await platform.Gateway.GetFromJsonAsync<JsonObject>($"/v1/reception/{byAddress.Token}"))!;
                if (view["source"]!["status"]!.GetValue<string>() is "verified" or "failed")
                {
                    break;
                }
                await Task.Delay(50);
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(250);
        }
        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Ceiling(p * latencies.Count) - 1];
        return $"Reception submission → page showing the check's result, at idle, {samples} end users one after the other: " +
               $"p50 **{Percentile(0.50):F0} ms**, p95 **{Percentile(0.95):F0} ms**, max {latencies[^1]:F0} ms (target p95 < 3,000 ms).\n";
    }

    private static async Task<string> CreateProjectAsync(PlatformUnderTest platform, string key, int port, string credentialMode)
    {
        using var created = await SendAsync(platform, key, HttpMethod.Post, "/v1/projects", new StringContent($$"""
            { "name": "Source access bench", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "imap", "accessMethod": "password", "host": "127.0.0.1", "port": {{port}}, "useTls": false, "maxConcurrency": {{Concurrency}} },
              "destination": { "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "{{credentialMode}}" }, "migrationType": "dataOnly" }
            """, Encoding.UTF8, "application/json"));
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task<HttpResponseMessage> SendAsync(PlatformUnderTest platform, string key, HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await platform.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private static async Task<List<(string Address, string Token)>> TokensAsync(PlatformUnderTest platform, string key, string projectId, int count)
    {
        var mailboxes = new List<(string Id, string Address)>();
        while (mailboxes.Count < count)
        {
            mailboxes.Clear();
            using var list = await SendAsync(platform, key, HttpMethod.Get, $"/v1/projects/{projectId}/mailboxes?page=1&pageSize=1000", null);
            mailboxes.AddRange((await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray()
                .Select(m => (m!["id"]!.GetValue<string>(), m["sourceAddress"]!.GetValue<string>())));
        }
        using var internalApi = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.Notification);
        var tokens = new List<(string Address, string Token)>();
        foreach (var (id, address) in mailboxes)
        {
            for (var attempt = 0; ; attempt++)
            {
                using var response = await internalApi.PostAsync($"/internal/mailboxes/{id}/reception-link", null);
                if (response.IsSuccessStatusCode)
                {
                    var url = (await response.Content.ReadFromJsonAsync<JsonObject>())!["receptionUrl"]!.GetValue<string>();
                    tokens.Add((address, url[(url.LastIndexOf('/') + 1)..]));
                    break;
                }
                // The vault learns of new mailboxes from events, a moment after the upload.
                await Task.Delay(200);
                if (attempt > 100) response.EnsureSuccessStatusCode();
            }
        }
        return tokens;
    }
}
