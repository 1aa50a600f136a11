using Migration.Benchmarks;

// dotnet run -c Release --project bench/Migration.Benchmarks [-- import|bigimport|reception|all [rows rounds]]
//                                                            [-- headline [rounds] [statements]]
//                                                            [-- imapbaseline [users concurrency]]
//                                                            [-- sourceaccess [mailboxes rounds]]
//                                                            [-- provisioning [users [tenants...]] [rate=writes/s]]
//                                                            [-- dashboard [mailboxes [sessions [rounds]]]]
var which = args.Length > 0 ? args[0] : "all";
var numbers = args.Skip(1).Select(a => int.TryParse(a, out var n) ? n : (int?)null).OfType<int>().ToArray();
var statements = args.Contains("statements");

var reports = new List<string>();
if (which is "provisioning")
{
    // Each scenario starts a platform of its own, with its quotas time-scaled.
    reports.Add(await ProvisioningBenchmark.RunAsync(numbers.ElementAtOrDefault(0) is > 0 and var users ? users : 10_000,
        numbers.Length > 1 ? numbers[1..] : [1, 10], args));
    await WriteAsync(reports);
    return;
}
await using var platform = await PlatformUnderTest.StartAsync(statements);
if (which is "headline")
{
    reports.Add(await ReceptionBenchmark.HeadlineAsync(platform, numbers.ElementAtOrDefault(0) is > 0 and var headlineRounds ? headlineRounds : 3, statements));
}
if (which is "sourceaccess")
{
    reports.Add(await SourceAccessBenchmark.RunAsync(platform, numbers.ElementAtOrDefault(0) is > 0 and var mailboxes ? mailboxes : 2000,
        numbers.ElementAtOrDefault(1) is > 0 and var rounds ? rounds : 2));
}
if (which is "imapbaseline")
{
    reports.Add(await ImapLoginBaseline.MeasureAsync(platform, numbers.ElementAtOrDefault(0) is > 0 and var logins ? logins : 2000,
        numbers.ElementAtOrDefault(1) is > 0 and var concurrency ? concurrency : 8));
}
if (which is "dashboard")
{
    reports.Add(await DashboardBenchmark.RunAsync(platform, numbers.ElementAtOrDefault(0) is > 0 and var projectMailboxes ? projectMailboxes : 100_000,
        numbers.ElementAtOrDefault(1) is > 0 and var sessions ? sessions : 20, numbers.ElementAtOrDefault(2) is > 0 and var pageRounds ? pageRounds : 5));
}
if (which is "import" or "all")
{
    reports.Add(await MailboxImportBenchmark.RunAsync(platform, numbers.Length > 0 ? numbers[0] : 100_000, numbers.Length > 1 ? numbers[1] : 3));
}
if (which is "bigimport" or "all")
{
    reports.Add(await MailboxImportBenchmark.RunBigAsync(platform));
}
if (which is "reception" or "all")
{
    reports.Add(await ReceptionBenchmark.RunAsync(platform));
}
await WriteAsync(reports);

static async Task WriteAsync(List<string> reports)
{
    var report = string.Join("\n\n", reports);
    Console.WriteLine(report);
    var results = Path.Combine(AppContext.BaseDirectory, "benchmark-results.md");
    await File.WriteAllTextAsync(results, report);
    Console.WriteLine($"(written to {results})");
}
