using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Migration.Contracts;
using Migration.Contracts.Events;
using Npgsql;

namespace Migration.Benchmarks;

/// <summary>
/// Issue 11's "measured, not asserted": accounts created (POST /users, then assignLicense) at the Graph peer with its
/// documented write quotas, time-scaled, and the provisioning service's buckets scaled by the same factor. One scenario
/// per tenant count, each on a fresh platform: the users split evenly over that many tenants, all published at once.
/// </summary>
public static class ProvisioningBenchmark
{
    private const string Sku = "ENTERPRISEPACK";

    // Graph's documented identity write quotas (docs/decisions/0021b), per second before time-scaling.
    private const double PairCapacity = 3_000, PairPerSecond = 3_000 / 150.0, AppCapacity = 70_000, AppPerSecond = 70_000 / 300.0;

    /// <summary>The binding quota each scenario is time-scaled to, in writes per second, unless <c>rate=N</c> says otherwise.</summary>
    private const double DefaultBindingRate = 100;

    public static async Task<string> RunAsync(int users, IReadOnlyList<int> tenantCounts, IReadOnlyList<string> args)
    {
        var rate = args.Select(a => a.StartsWith("rate=", StringComparison.Ordinal) && double.TryParse(a[5..], CultureInfo.InvariantCulture, out var r) ? r : (double?)null)
            .OfType<double>().DefaultIfEmpty(DefaultBindingRate).First();
        var report = new StringBuilder();
        report.AppendLine($"### Provisioning: {users:N0} accounts (create + assignLicense) at the Graph peer, binding quota time-scaled to {rate:F0} writes/s");
        report.AppendLine();
        report.AppendLine("| scenario | time scale | binding quota | writes (429s) | duration | writes/s | whole run / quota | beyond the burst / quota | from the first empty bucket / quota | 429 share | load before → after |");
        report.AppendLine("|----------|------------|---------------|---------------|----------|----------|-------------------|--------------------------|-------------------------------------|-----------|---------------------|");
        var details = new StringBuilder();
        foreach (var tenants in tenantCounts)
        {
            var scale = rate / Binding(tenants, 1);
            await using var platform = await PlatformUnderTest.StartAsync(settings: Settings(scale));
            var result = await ScenarioAsync(platform, users / tenants, tenants, scale);
            report.AppendLine(result.Row);
            details.Append(result.Details);
        }
        report.AppendLine();
        report.AppendLine("""
            Writes are every write the peer answered (POST /users, POST assignLicense; 429s included, as sent); the duration runs
            from just before the first ProvisioningRequested was published until the peer answered the last write. Buckets start
            full, so the whole-run fraction includes the burst; "beyond the burst" is (admitted writes − bucket capacity) /
            (duration × quota), "from the first empty bucket" replays the peer's buckets from its request log and counts the
            admitted writes after the binding bucket(s) first held less than one token, over the rest of the run.
            """);
        report.Append(details);
        return report.ToString();
    }

    /// <summary>The quota that binds N tenants of one app: their pair quotas together, or the app-wide one.</summary>
    private static double Binding(int tenants, double scale) => Math.Min(tenants * PairPerSecond, AppPerSecond) * scale;

    private static string[] Settings(double scale) =>
    [
        "Peers:Port=0",
        $"Peers:Graph:TimeScale={scale.ToString(CultureInfo.InvariantCulture)}",
        $"Provisioning:Quotas:AppTenant:Window={TimeSpan.FromSeconds(150 / scale):c}",
        $"Provisioning:Quotas:Tenant:Window={TimeSpan.FromSeconds(300 / scale):c}",
        $"Provisioning:Quotas:App:Window={TimeSpan.FromSeconds(300 / scale):c}",
    ];

    private sealed record Account(Guid MailboxId, Guid Reference, string Upn);

    private sealed record PeerRequest(string Method, string Path, int Status, bool Write, int? RetryAfterSeconds, bool BeforeRetryAfter,
        DateTimeOffset At, DateTimeOffset AnsweredAt);

    private sealed record Scenario(string Row, string Details);

    private static async Task<Scenario> ScenarioAsync(PlatformUnderTest platform, int perTenant, int tenants, double scale)
    {
        var name = tenants == 1 ? $"A: {perTenant:N0} users in 1 tenant" : $"B: {perTenant:N0} users in each of {tenants} tenants";
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {name}, time scale {scale:0.###}: preparing");
        using var peers = platform.ProtocolPeersClient();
        var key = await platform.CreateOperatorAsync();
        var operatorId = Guid.Empty;
        var work = new List<(string Tenant, Guid ProjectId, List<Account> Accounts)>();
        for (var t = 0; t < tenants; t++)
        {
            var tenant = Guid.NewGuid().ToString();
            var domain = $"bench{t}-{Guid.NewGuid():N}"[..20] + ".test";
            (await peers.PutAsJsonAsync($"peer/graph/tenants/{tenant}", new { domains = new[] { domain }, skus = new[] { new { skuPartNumber = Sku, seats = perTenant + 10 } } })).EnsureSuccessStatusCode();
            var (projectId, ownerId, accounts) = await VaultAsync(platform, key, domain, perTenant);
            operatorId = ownerId;
            work.Add((tenant, projectId, accounts));
        }
        var requests = Interleave(work.Select(w => w.Accounts.Select(a => new ProvisioningRequested
        {
            OperatorId = operatorId, ProjectId = w.ProjectId, MailboxId = a.MailboxId, CorrelationId = Guid.NewGuid(),
            Action = ProvisioningAction.CreateAccount, Tenant = w.Tenant, DestinationUpn = a.Upn, DisplayName = $"User {a.Upn.Split('@')[0]}",
            FirstName = "User", LastName = a.Upn.Split('@')[0], UsageLocation = "GB", LicenseSku = Sku, DestinationCredentialReference = a.Reference,
            RequestedAt = DateTimeOffset.UtcNow,
        }).ToList()).ToList()).ToList();
        var broker = new Uri(await platform.ConnectionStringAsync(ResourceNames.RabbitMq));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(broker));
        await bus.StartAsync();
        await ProcessCpu.WaitForQuietAsync(TimeSpan.FromMinutes(1));
        var loadBefore = LoadAverage();
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {name}: publishing {requests.Count:N0} requests (load {loadBefore})");
        var cpu = ProcessCpu.Snapshot(ProcessCpu.PlatformRoot());
        var machine = ProcessCpu.MachineTicks();
        var started = DateTimeOffset.UtcNow;
        await Task.WhenAll(requests.Select(r => bus.Publish(r, context => context.MessageId = Guid.NewGuid())));
        var published = DateTimeOffset.UtcNow - started;
        await bus.StopAsync();

        var deadline = Stopwatch.StartNew();
        var expected = TimeSpan.FromSeconds(2 * tenants * perTenant / Binding(tenants, scale));
        while (true)
        {
            var consumed = 0;
            foreach (var (tenant, _, _) in work)
            {
                var view = (await peers.GetFromJsonAsync<JsonObject>($"peer/graph/tenants/{tenant}"))!;
                consumed += view["skus"]!.AsArray().Sum(s => s!["consumed"]!.GetValue<int>());
            }
            if (consumed >= tenants * perTenant)
            {
                break;
            }
            if (deadline.Elapsed > 3 * expected + TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"{name}: {consumed} of {tenants * perTenant} licences assigned after {deadline.Elapsed}.\n{await JobsAsync(platform)}");
            }
            await Task.Delay(1000);
        }
        var cpuAfter = ProcessCpu.Snapshot(ProcessCpu.PlatformRoot());
        var busy = ProcessCpu.Busy(machine, ProcessCpu.MachineTicks());
        var logs = new List<(string Tenant, List<PeerRequest> Requests)>();
        foreach (var (tenant, _, _) in work)
        {
            logs.Add((tenant, [.. (await peers.GetFromJsonAsync<PeerRequest[]>($"peer/graph/tenants/{tenant}/requests"))!.OrderBy(r => r.At)]));
        }
        var loadAfter = LoadAverage();
        var scenario = Analyse(name, started, published, logs, perTenant, tenants, scale, (loadBefore, loadAfter),
            ProcessCpu.PerRequest(cpu, cpuAfter, tenants * perTenant), busy);
        Console.WriteLine(scenario.Row + "\n" + scenario.Details);
        string timeline;
        try
        {
            timeline = await TimelineAsync(platform, started);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidCastException)
        {
            timeline = $"- the service's timeline could not be read ({ex.GetType().Name})\n";
        }
        return scenario with { Details = scenario.Details + timeline };
    }

    private static Scenario Analyse(string name, DateTimeOffset started, TimeSpan published, List<(string Tenant, List<PeerRequest> Requests)> logs,
        int perTenant, int tenants, double scale, (string Before, string After) load, string cpu, string busy)
    {
        static bool Admitted(PeerRequest r) => r.Write && r.Status != 429;
        static bool Creates(PeerRequest r) => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal) && r.Status == 201;
        static bool Licenses(PeerRequest r) => r.Path.Contains("assignLicense", StringComparison.Ordinal) && r.Status == 200;
        var all = logs.SelectMany(l => l.Requests).OrderBy(r => r.At).ToList();
        var writes = all.Where(r => r.Write).ToList();
        var admitted = writes.Where(Admitted).ToList();
        var throttled = all.Count(r => r.Status == 429);
        var end = writes.Max(r => r.AnsweredAt);
        var duration = (end - started).TotalSeconds;
        var binding = Binding(tenants, scale);
        var pairsBind = tenants * PairPerSecond <= AppPerSecond;
        var capacity = pairsBind ? tenants * PairCapacity : AppCapacity;
        var whole = writes.Count / duration / binding;
        var beyondBurst = admitted.Count > capacity ? $"{(admitted.Count - capacity) / (duration * binding):F3}" : $"n/a (all {admitted.Count:N0} fit in the {capacity:N0}-write burst)";
        // The binding bucket(s) replayed from the log: the pair buckets (all of them must have emptied for their sum to bind), or the app's.
        var emptied = pairsBind
            ? logs.Select(l => FirstEmpty(l.Requests.Where(Admitted), PairCapacity, PairPerSecond * scale)).ToList()
            : [FirstEmpty(admitted, AppCapacity, AppPerSecond * scale)];
        string fromEmpty;
        if (emptied.All(e => e is not null))
        {
            var from = emptied.Max()!.Value;
            var after = admitted.Count(r => r.At > from);
            fromEmpty = $"{after / ((end - from).TotalSeconds * binding):F3} (from {(from - started).TotalSeconds:F0} s)";
        }
        else
        {
            fromEmpty = $"n/a ({emptied.Count(e => e is null)} of {emptied.Count} binding buckets never emptied)";
        }
        var row = $"| {name} | {scale:0.###} | {binding:F0}/s | {writes.Count:N0} ({throttled:N0}) | {duration:F1} s | {writes.Count / duration:F1} | **{whole:F3}** | **{beyondBurst}** | {fromEmpty} | " +
                  $"**{100.0 * throttled / all.Count:F2}%** of {all.Count:N0} requests ({100.0 * writes.Count(r => r.Status == 429) / writes.Count:F2}% of writes) | {load.Before} → {load.After} |";

        var details = new StringBuilder();
        details.AppendLine();
        details.AppendLine($"{name}:");
        details.AppendLine($"- published {tenants * perTenant:N0} ProvisioningRequested in {published.TotalSeconds:F1} s; first write at the peer {(writes.Min(r => r.At) - started).TotalSeconds:F2} s after publication began");
        details.AppendLine($"- first request at the peer {(all[0].At - started).TotalSeconds:F2} s after publication began; {all.Count(Creates):N0} users created (201), " +
                           $"{all.Count(Licenses):N0} licences assigned (200), {throttled:N0} answered 429, {all.Count(r => r.BeforeRetryAfter):N0} sent before a Retry-After had passed");
        details.AppendLine($"- requests by kind and status: {string.Join(", ", all.GroupBy(r => $"{r.Method} {Kind(r.Path)} {r.Status}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count():N0}"))}");
        details.AppendLine($"- admitted writes per 10 s from publication: {string.Join(" ", admitted.GroupBy(r => (int)((r.At - started).TotalSeconds / 10)).OrderBy(g => g.Key).Select(g => g.Count()))}");
        if (tenants > 1)
        {
            var finishes = logs.Select(l => (l.Requests.Where(Admitted).Max(r => r.AnsweredAt) - started).TotalSeconds).ToList();
            var halves = logs.Select(l => l.Requests.Where(Admitted).Count(r => (r.At - started).TotalSeconds < duration / 2)).ToList();
            details.AppendLine($"- per-tenant finish (s after publication): {string.Join(", ", finishes.Select(f => f.ToString("F1", CultureInfo.InvariantCulture)))}; " +
                               $"first {finishes.Min():F1} s, last {finishes.Max():F1} s, spread **{finishes.Max() - finishes.Min():F1} s** ({100 * (finishes.Max() - finishes.Min()) / finishes.Max():F1}% of the last)");
            details.AppendLine($"- admitted writes per tenant in the first half of the run: {string.Join(", ", halves)}");
        }
        details.AppendLine($"- CPU per account (ms) by process, publication to the last licence: {cpu}; cores busy {busy} (the whole machine, other sessions included)");
        return new Scenario(row, details.ToString());
    }

    private static string Kind(string path) =>
        path.Contains("assignLicense", StringComparison.Ordinal) ? "assignLicense"
        : path.Contains("subscribedSkus", StringComparison.Ordinal) ? "subscribedSkus"
        : path.Contains("/users", StringComparison.Ordinal) ? (path.EndsWith("/users", StringComparison.Ordinal) ? "users" : "users/{upn}")
        : path;

    /// <summary>When a token bucket of this size and refill, full at the first write, first held less than one token after a write.</summary>
    private static DateTimeOffset? FirstEmpty(IEnumerable<PeerRequest> admitted, double capacity, double perSecond)
    {
        var tokens = capacity;
        DateTimeOffset? last = null;
        foreach (var write in admitted.OrderBy(r => r.At))
        {
            tokens = Math.Min(capacity, tokens + (last is { } l ? (write.At - l).TotalSeconds * perSecond : 0)) - 1;
            last = write.At;
            if (tokens < 1)
            {
                return write.At;
            }
        }
        return null;
    }

    /// <summary>Round-robin over the tenants' requests, so that publication order favours none.</summary>
    private static IEnumerable<T> Interleave<T>(List<List<T>> lists)
    {
        for (var i = 0; i < lists.Max(l => l.Count); i++)
        {
            foreach (var list in lists.Where(l => i < l.Count))
            {
                yield return list[i];
            }
        }
    }

    /// <summary>A project of these mailboxes, their destination passwords entered by CSV through the gateway, as the vault keeps them.</summary>
    private static async Task<(Guid ProjectId, Guid OperatorId, List<Account> Accounts)> VaultAsync(PlatformUnderTest platform, string key, string domain, int count)
    {
        using var created = await SendAsync(platform, key, HttpMethod.Post, "/v1/projects", new StringContent("""
            { "name": "Provisioning bench", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "imap", "accessMethod": "password", "host": "imap.contoso.com" },
              "destination": { "tenantDomain": "contoso.onmicrosoft.com", "outlookAssistant": "endUser", "credentialMode": "passwordReception" },
              "migrationType": "full" }
            """, Encoding.UTF8, "application/json"));
        var projectId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var mailboxes = new StringBuilder("sourceAddress,destinationUpn,displayName\n");
        var passwords = new StringBuilder("sourceAddress,destinationPassword\n");
        for (var i = 0; i < count; i++)
        {
            mailboxes.Append($"user{i}.{run}@contoso.com,user{i}@{domain},User {i}\n");
            passwords.Append($"user{i}.{run}@contoso.com,{$"Pw-{Guid.NewGuid():N}"[..20]}A1!\n");
        }
        (await SendAsync(platform, key, HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", new StringContent(mailboxes.ToString(), Encoding.UTF8, "text/csv"))).Dispose();
        (await SendAsync(platform, key, HttpMethod.Post, $"/v1/projects/{projectId}/credentials", new StringContent(passwords.ToString(), Encoding.UTF8, "text/csv"))).Dispose();
        await using var vault = new NpgsqlConnection(await platform.ConnectionStringAsync(ResourceNames.CredentialReceptionDatabase));
        await vault.OpenAsync();
        for (var attempt = 0; ; attempt++)
        {
            await using var query = new NpgsqlCommand("""
                SELECT c.mailbox_id, c.id, m.destination_upn, c.operator_id FROM credentials c JOIN mailboxes m ON m.id = c.mailbox_id
                WHERE c.project_id = @project AND c.kind = 'Destination'
                """, vault);
            query.Parameters.AddWithValue("project", Guid.Parse(projectId));
            var accounts = new List<Account>();
            var operatorId = Guid.Empty;
            await using (var reader = await query.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    accounts.Add(new Account(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)));
                    operatorId = reader.GetGuid(3);
                }
            }
            if (accounts.Count == count)
            {
                return (Guid.Parse(projectId), operatorId, accounts);
            }
            if (attempt > 300)
            {
                throw new TimeoutException($"{accounts.Count} of {count} destination passwords in the vault.");
            }
            await Task.Delay(1000);
        }
    }

    /// <summary>Where the time went in the service: when it took the requests in (its inbox), when its jobs finished.</summary>
    private static async Task<string> TimelineAsync(PlatformUnderTest platform, DateTimeOffset started)
    {
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync(ResourceNames.ProvisioningDatabase));
        await db.OpenAsync();
        // A finished job keeps no claim or attempt count, so its finish time is what is left of it.
        await using var query = new NpgsqlCommand("""
            SELECT (SELECT extract(epoch FROM min(processed_at) - @started)::float8 FROM inbox_messages),
                   (SELECT extract(epoch FROM max(processed_at) - @started)::float8 FROM inbox_messages),
                   extract(epoch FROM min(completed_at) - @started)::float8, extract(epoch FROM max(completed_at) - @started)::float8
            FROM provisioning_jobs
            """, db);
        query.Parameters.AddWithValue("started", started.UtcDateTime);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        string At(int i) => reader.IsDBNull(i) ? "?" : reader.GetDouble(i).ToString("F1", CultureInfo.InvariantCulture);
        return $"- in the service (s after publication began): requests taken in from {At(0)} to {At(1)}; jobs finished from {At(2)} to {At(3)}\n";
    }

    /// <summary>What the provisioning service's jobs say, for a run that did not finish.</summary>
    private static async Task<string> JobsAsync(PlatformUnderTest platform)
    {
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync(ResourceNames.ProvisioningDatabase));
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT json_agg(j)::text FROM (SELECT status, reason, count(*) FROM provisioning_jobs GROUP BY status, reason) j", db);
        return $"Jobs: {await query.ExecuteScalarAsync()}";
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static async Task<HttpResponseMessage> SendAsync(PlatformUnderTest platform, string key, HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await platform.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }
}
