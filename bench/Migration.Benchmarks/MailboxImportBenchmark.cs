using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Migration.Benchmarks;

/// <summary>
/// 100,000 mailboxes by CSV through the gateway (parse, validate, de-duplicate, COPY, outbox) against a baseline in
/// the same run: the same rows written straight into the same table with Npgsql binary COPY and nothing else.
/// </summary>
public static class MailboxImportBenchmark
{
    public static async Task<string> RunAsync(PlatformUnderTest platform, int rows, int rounds)
    {
        var key = await platform.CreateOperatorAsync();
        var csv = Csv(rows);
        var migrationsDb = await platform.ConnectionStringAsync(ResourceNames.MigrationsDatabase);
        var service = PlatformUnderTest.MigrationsServiceProcess();
        var memoryBefore = PlatformUnderTest.PeakMemoryMiB(service);

        // One warm-up of each, so that neither side pays for first-call JIT or cold caches.
        await ImportThroughGatewayAsync(platform, key, Csv(1000));
        await CopyDirectlyAsync(migrationsDb, await CreateProjectAsync(platform, key), 1000);

        var gateway = new List<double>();
        var baseline = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            baseline.Add(await CopyDirectlyAsync(migrationsDb, await CreateProjectAsync(platform, key), rows));
            gateway.Add(await ImportThroughGatewayAsync(platform, key, csv));
        }
        var memoryAfter = PlatformUnderTest.PeakMemoryMiB(service);

        var gatewayMedian = Median(gateway);
        var baselineMedian = Median(baseline);
        return $"""
            ## Mailbox import, {rows:N0} rows, median of {rounds} rounds

            | path | seconds (median) | all rounds | rows/s | speed vs. baseline |
            |------|-----------------:|------------|-------:|-------------------:|
            | baseline: Npgsql binary COPY straight into `mailboxes` | {baselineMedian:F2} | {string.Join(", ", baseline.Select(s => s.ToString("F2")))} | {rows / baselineMedian:N0} | 1.00 |
            | CSV through the gateway (`POST /v1/projects/:id/mailboxes`) | {gatewayMedian:F2} | {string.Join(", ", gateway.Select(s => s.ToString("F2")))} | {rows / gatewayMedian:N0} | {baselineMedian / gatewayMedian:F2} |

            CSV size {Encoding.UTF8.GetByteCount(csv) / 1024.0 / 1024.0:F1} MiB. Migrations service peak resident memory (VmHWM):
            {memoryBefore:F0} MiB before the imports, {memoryAfter:F0} MiB after them.
            Targets: at most 10 s, and at least 0.25 of the baseline's speed.
            """;
    }

    /// <summary>
    /// What API.md promises at its limits: 500,000 mailboxes in one CSV (about 80 MB) against the same rows by binary COPY,
    /// and 1,000,000 empty rows (2 MB, every row rejected). For each upload the migrations service's peak resident memory
    /// is reset first (clear_refs), so each peak is that upload's own, next to the resting size before it.
    /// </summary>
    public static async Task<string> RunBigAsync(PlatformUnderTest platform)
    {
        const int rows = 500_000;
        const int emptyRows = 1_000_000;
        var key = await platform.CreateOperatorAsync();
        var migrationsDb = await platform.ConnectionStringAsync(ResourceNames.MigrationsDatabase);
        var service = PlatformUnderTest.MigrationsServiceProcess();
        var csv = Encoding.UTF8.GetBytes(DirectoryExportCsv(rows));
        var empty = Encoding.UTF8.GetBytes("sourceAddress,destinationUpn\n" + string.Concat(Enumerable.Repeat(",\n", emptyRows)));

        await ImportThroughGatewayAsync(platform, key, Csv(1000));
        await CopyDirectlyAsync(migrationsDb, await CreateProjectAsync(platform, key), 1000);

        var copy = await CopyDirectlyAsync(migrationsDb, await CreateProjectAsync(platform, key), rows);
        var (importSeconds, importRest, importPeak, imported) = await MeasuredUploadAsync(platform, key, service, csv);
        var (emptySeconds, emptyRest, emptyPeak, rejected) = await MeasuredUploadAsync(platform, key, service, empty);
        if (imported["added"]!.GetValue<int>() != rows || rejected["rejectedCount"]!.GetValue<int>() != emptyRows)
        {
            throw new InvalidOperationException($"Unexpected answers: {imported["added"]} added, {rejected["rejectedCount"]} rejected");
        }
        return $"""
            ## Big uploads: {rows:N0} mailboxes, and {emptyRows:N0} empty rows

            | upload | size | seconds | vs. baseline | migrations service memory: resting → peak (growth) | answer |
            |--------|-----:|--------:|-------------:|-----------------------------------------------------|--------|
            | baseline: binary COPY of {rows:N0} rows straight into `mailboxes` | | {copy:F2} | 1.00 | | |
            | CSV of {rows:N0} mailboxes through the gateway | {csv.Length / 1e6:F1} MB | {importSeconds:F2} | {copy / importSeconds:F2} of its speed | {importRest:F0} → {importPeak:F0} MiB (+{importPeak - importRest:F0}) | {imported["added"]} added |
            | CSV of {emptyRows:N0} empty rows through the gateway | {empty.Length / 1e6:F1} MB | {emptySeconds:F2} | {emptySeconds / importSeconds:F2} of the big import's time | {emptyRest:F0} → {emptyPeak:F0} MiB (+{emptyPeak - emptyRest:F0}) | {rejected["rejected"]!.AsArray().Count} listed, rejectedCount {rejected["rejectedCount"]}, {rejected.ToJsonString().Length / 1024} KiB |

            Memory is the process's VmRSS just before the upload and its VmHWM after it, the peak having been reset just before.
            """;
    }

    private static async Task<(double Seconds, double RestingMiB, double PeakMiB, JsonObject Answer)> MeasuredUploadAsync(
        PlatformUnderTest platform, string key, Process service, byte[] csv)
    {
        var projectId = await CreateProjectAsync(platform, key);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes") { Content = new ByteArrayContent(csv) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var resting = PlatformUnderTest.ResetPeakMemoryMiB(service);
        var watch = Stopwatch.StartNew();
        using var response = await platform.Gateway.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        watch.Stop();
        response.EnsureSuccessStatusCode();
        return (watch.Elapsed.TotalSeconds, resting, PlatformUnderTest.PeakMemoryMiB(service), body!);
    }

    /// <summary>About 160 bytes a row, as a directory export with names has them: 500,000 rows make about 80 MB.</summary>
    private static string DirectoryExportCsv(int rows)
    {
        var csv = new StringBuilder("sourceAddress,destinationUpn,displayName,firstName,lastName,passwordLastSet\n", rows * 165);
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"firstname.lastname{i}@contoso-corporation.com,firstname.lastname{i}@contosocorporation.onmicrosoft.com,Firstname Lastname {i},Firstname,Lastname{i},2026-10-{i % 28 + 1:00}\n");
        }
        return csv.ToString();
    }

    private static async Task<double> ImportThroughGatewayAsync(PlatformUnderTest platform, string key, string csv) =>
        await ImportAsync(platform, key, await CreateProjectAsync(platform, key), csv);

    /// <summary>Seconds until the gateway answered a CSV upload into a project; every row must have been added.</summary>
    internal static async Task<double> ImportAsync(PlatformUnderTest platform, string key, string projectId, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var watch = Stopwatch.StartNew();
        using var response = await platform.Gateway.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        watch.Stop();
        response.EnsureSuccessStatusCode();
        var expected = csv.Count(c => c == '\n') - 1;
        if (body!["added"]!.GetValue<int>() != expected)
        {
            throw new InvalidOperationException($"Expected {expected} mailboxes added: {body.ToJsonString()[..200]}");
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> CopyDirectlyAsync(string connectionString, string projectId, int rows)
    {
        var project = Guid.Parse(projectId);
        var operatorId = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY mailboxes (id, project_id, operator_id, source_address, destination_upn, display_name, password_last_set, " +
            "state, source_status, destination_status, provisioning_status, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await writer.WriteAsync(project, NpgsqlDbType.Uuid);
                await writer.WriteAsync(operatorId, NpgsqlDbType.Uuid);
                await writer.WriteAsync($"user{i}@contoso.com", NpgsqlDbType.Text);
                await writer.WriteAsync($"user{i}@contoso.onmicrosoft.com", NpgsqlDbType.Text);
                await writer.WriteAsync($"User {i}", NpgsqlDbType.Text);
                await writer.WriteAsync(new DateOnly(2026, 10, i % 28 + 1), NpgsqlDbType.Date);
                await writer.WriteAsync("WaitingForUser", NpgsqlDbType.Text);
                await writer.WriteAsync("Pending", NpgsqlDbType.Text);
                await writer.WriteAsync("Pending", NpgsqlDbType.Text);
                await writer.WriteAsync("Pending", NpgsqlDbType.Text);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }
        return watch.Elapsed.TotalSeconds;
    }

    internal static async Task<string> CreateProjectAsync(PlatformUnderTest platform, string key, string name = "Bench")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/projects")
        {
            Content = new StringContent($$"""
                { "name": {{JsonSerializer.Serialize(name)}}, "customer": { "name": "Contoso", "domain": "contoso.com" },
                  "source": { "kind": "exchange", "accessMethod": "impersonation", "ewsUrl": "https://mail.contoso.com/EWS/Exchange.asmx" },
                  "destination": { "tenantDomain": "contoso.onmicrosoft.com", "createAccounts": true, "outlookAssistant": "msi" },
                  "migrationType": "full", "passwordPolicy": { "maxAgeDays": 90 }, "cutoverDate": "2027-01-15" }
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await platform.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    internal static string Csv(int rows)
    {
        var csv = new StringBuilder("sourceAddress,destinationUpn,displayName,passwordLastSet\n", rows * 80);
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"user{i}@contoso.com,user{i}@contoso.onmicrosoft.com,User {i},2026-10-{i % 28 + 1:00}\n");
        }
        return csv.ToString();
    }

    internal static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
