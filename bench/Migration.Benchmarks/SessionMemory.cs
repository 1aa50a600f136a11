using System.Diagnostics;
using Microsoft.Playwright;

namespace Migration.Benchmarks;

/// <summary>
/// The dashboard server's resident memory with no session open, with N browser contexts each signed in and on the
/// project page (each a circuit on the server), and after they closed: raw (VmRSS) and after an induced full GC.
/// </summary>
public static class SessionMemory
{
    /// <summary>Blazor keeps a circuit whose browser went away for this long (CircuitOptions' default), then drops it.</summary>
    private static readonly TimeSpan DisconnectedCircuitRetention = TimeSpan.FromMinutes(3);

    public static async Task<string> MeasureAsync(DashboardBrowser browser, Process dashboard, string key, DashboardBenchmark.Subject project, int sessions)
    {
        var rows = new List<(string State, double Rss, double Collected)>();
        async Task RecordAsync(string state)
        {
            await ProcessCpu.WaitForQuietAsync(TimeSpan.FromSeconds(60));
            var rss = PlatformUnderTest.ResidentMemoryMiB(dashboard);
            rows.Add((state, rss, await InducedCollection.CollectAndMeasureMiB(dashboard)));
        }

        await RecordAsync("no session open");
        var pages = new List<IPage>();
        var interactive = new List<double>();
        for (var i = 0; i < sessions; i++)
        {
            var page = await browser.SignedInPageAsync(key);
            var marks = await DashboardBrowser.OpenProjectAsync(page, project.Id, project.Name);
            interactive.Add(Math.Max(marks["counts"], marks["firstRow"]));
            pages.Add(page);
        }
        await RecordAsync($"{sessions} sessions open on the {project.Mailboxes:N0}-mailbox project page");
        var closed = Stopwatch.StartNew();
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
        await RecordAsync($"the {sessions} contexts closed, machine quiet again");
        var past = DisconnectedCircuitRetention + TimeSpan.FromSeconds(30) - closed.Elapsed;
        if (past > TimeSpan.Zero)
        {
            await Task.Delay(past);
        }
        await RecordAsync($"{(DisconnectedCircuitRetention + TimeSpan.FromSeconds(30)).TotalMinutes:F1} min after closing (past Blazor's {DisconnectedCircuitRetention.TotalMinutes:F0}-min retention of disconnected circuits)");

        var report = new System.Text.StringBuilder();
        report.AppendLine($"Dashboard server memory, {sessions} sessions (one Chromium context each: sign-in, then the project page, kept open):");
        report.AppendLine();
        report.AppendLine("| dashboard process | VmRSS (MiB) | after an induced full GC (MiB) |");
        report.AppendLine("|---|---:|---:|");
        foreach (var (state, rss, collected) in rows)
        {
            report.AppendLine($"| {state} | {rss:F1} | {collected:F1} |");
        }
        report.AppendLine($"| **per open session**: (open − none) / {sessions} | **{(rows[1].Rss - rows[0].Rss) / sessions:F2}** | **{(rows[1].Collected - rows[0].Collected) / sessions:F2}** |");
        report.AppendLine();
        report.AppendLine($"Each memory reading waits for a quiet machine first (60 s at most); the induced GC is a full blocking collection asked for through the process's diagnostics port (as dotnet-gcdump does), read 2 s after it. While the sessions opened, each one's project page was interactive after {MailboxImportBenchmark.Median(interactive):F0} ms median ({interactive.Max():F0} max).");
        return report.ToString();
    }
}
