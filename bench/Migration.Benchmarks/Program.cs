using Migration.Benchmarks;

// dotnet run -c Release --project bench/Migration.Benchmarks [-- rows rounds]
var rows = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;

await using var platform = await PlatformUnderTest.StartAsync();
var report = await MailboxImportBenchmark.RunAsync(platform, rows, rounds);
Console.WriteLine(report);
var results = Path.Combine(AppContext.BaseDirectory, "import-benchmark.md");
await File.WriteAllTextAsync(results, report);
Console.WriteLine($"(written to {results})");
