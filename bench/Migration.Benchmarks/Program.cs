using Migration.Benchmarks;

// dotnet run -c Release --project bench/Migration.Benchmarks [-- import|reception|all [rows rounds]]
var which = args.Length > 0 ? args[0] : "all";
var rows = args.Length > 1 ? int.Parse(args[1]) : 100_000;
var rounds = args.Length > 2 ? int.Parse(args[2]) : 3;

await using var platform = await PlatformUnderTest.StartAsync();
var reports = new List<string>();
if (which is "import" or "all")
{
    reports.Add(await MailboxImportBenchmark.RunAsync(platform, rows, rounds));
}
if (which is "reception" or "all")
{
    reports.Add(await ReceptionBenchmark.RunAsync(platform));
}
var report = string.Join("\n\n", reports);
Console.WriteLine(report);
var results = Path.Combine(AppContext.BaseDirectory, "benchmark-results.md");
await File.WriteAllTextAsync(results, report);
Console.WriteLine($"(written to {results})");
