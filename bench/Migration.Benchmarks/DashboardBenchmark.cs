using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;

namespace Migration.Benchmarks;

/// <summary>
/// The operator dashboard's project page in headless Chromium through the gateway: a project of many mailboxes against
/// the same page for a project of ten in the same run (first render, interactive, a filter's re-render), the API calls
/// the page makes timed alone, and the dashboard server's resident memory per open session.
/// </summary>
public static class DashboardBenchmark
{
    private const int BaselineMailboxes = 10;

    /// <summary>What the page's marks are reported as, in this order (milliseconds since navigation start).</summary>
    private static readonly (string Mark, string Label)[] Parts =
    [
        ("document", "document received"),
        ("script", "blazor.web.js received"),
        ("firstContentfulPaint", "first contentful paint (the layout and a spinner)"),
        ("negotiating", "circuit's `_blazor/negotiate` sent"),
        ("negotiated", "circuit's `_blazor/negotiate` answered"),
        ("socketOpen", "circuit's WebSocket open"),
        ("heading", "**first render**: the project's name as h1"),
        ("counts", "readiness counts shown"),
        ("firstRow", "first mailbox row shown"),
        ("interactive", "**interactive**: counts and first row shown"),
    ];

    public static async Task<string> RunAsync(PlatformUnderTest platform, int mailboxes, int sessions, int rounds)
    {
        var load = new List<string> { LoadAverage() };
        var key = await platform.CreateOperatorAsync();
        var small = new Subject($"Bench {BaselineMailboxes} mailboxes", BaselineMailboxes);
        var big = new Subject($"Bench {mailboxes:N0} mailboxes", mailboxes);
        foreach (var subject in new[] { small, big })
        {
            subject.Id = await MailboxImportBenchmark.CreateProjectAsync(platform, key, subject.Name);
            await MailboxImportBenchmark.ImportAsync(platform, key, subject.Id, MailboxImportBenchmark.Csv(subject.Mailboxes));
        }
        var dashboard = PlatformUnderTest.ServiceProcess("Migration.Dashboard");
        await using var browser = await DashboardBrowser.LaunchAsync(platform.Gateway.BaseAddress!);

        // Cold: each page's first load in a context just signed in (empty cache); the small one first, so its load is also
        // the dashboard server's first project page since it started.
        var page = await browser.SignedInPageAsync(key);
        small.Cold = await LoadAsync(page, small);
        var other = await browser.SignedInPageAsync(key);
        big.Cold = await LoadAsync(other, big);
        await other.Context.CloseAsync();

        var quiet = new List<TimeSpan>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternating which page goes first, so that neither always follows the other.
            foreach (var subject in round % 2 == 0 ? new[] { small, big } : [big, small])
            {
                quiet.Add(await ProcessCpu.WaitForQuietAsync(TimeSpan.FromSeconds(30)));
                subject.Warm.Add(await LoadAsync(page, subject));
            }
        }
        await page.Context.CloseAsync();
        foreach (var subject in new[] { small, big })
        {
            for (var round = 0; round < rounds; round++)
            {
                subject.Api.Add(await ApiCallsAsync(platform, key, subject.Id));
            }
        }
        load.Add(LoadAverage());
        var memory = await SessionMemory.MeasureAsync(browser, dashboard, key, big, sessions);
        load.Add(LoadAverage());
        return Report(small, big, rounds, quiet, memory, load);
    }

    private static async Task<Dictionary<string, double>> LoadAsync(IPage page, Subject subject)
    {
        var marks = await DashboardBrowser.OpenProjectAsync(page, subject.Id, subject.Name);
        marks["heading"] = marks[$"h1:{subject.Name}"];
        marks["interactive"] = Math.Max(marks["counts"], marks["firstRow"]);
        marks["filter"] = await DashboardBrowser.FilterToReadyAsync(page);
        return marks;
    }

    /// <summary>The calls the project page makes, each alone through the gateway with the operator's key, in milliseconds.</summary>
    private static async Task<Dictionary<string, double>> ApiCallsAsync(PlatformUnderTest platform, string key, string projectId)
    {
        var times = new Dictionary<string, double>();
        foreach (var (name, path) in ApiCalls(projectId))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var watch = Stopwatch.StartNew();
            using var response = await platform.Gateway.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            times[name] = watch.Elapsed.TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }
        return times;
    }

    private static (string Name, string Path)[] ApiCalls(string projectId) =>
    [
        ("project", $"/v1/projects/{projectId}"),
        ("readiness", $"/v1/projects/{projectId}/readiness"),
        ("mailboxes", $"/v1/projects/{projectId}/mailboxes?page=1&pageSize=50"),
        ("ready mailboxes", $"/v1/projects/{projectId}/mailboxes?page=1&pageSize=50&state=ready"),
    ];

    private static string Report(Subject small, Subject big, int rounds, List<TimeSpan> quiet, string memory, List<string> load)
    {
        var report = new StringBuilder();
        report.AppendLine($"## Operator dashboard: the project page with {big.Mailboxes:N0} mailboxes against {small.Mailboxes}, {rounds} rounds");
        report.AppendLine();
        report.AppendLine($"| ms since navigation start | {small.Mailboxes} mailboxes: median (max) | {big.Mailboxes:N0}: median (max) | ratio of medians | cold, first load: {small.Mailboxes} / {big.Mailboxes:N0} |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (mark, label) in Parts.Append(("filter", "state filter to Ready: ms from the change until the table re-rendered")))
        {
            report.AppendLine($"| {label} | {Cell(small.Warm, mark)} | {Cell(big.Warm, mark)} | {Ratio(small.Warm, big.Warm, mark)} | {Value(small.Cold, mark)} / {Value(big.Cold, mark)} |");
        }
        report.AppendLine();
        report.AppendLine($"Interactive, round by round (ms; odd rounds load the {small.Mailboxes}-mailbox page first, even ones the other): "
                          + $"{small.Mailboxes} mailboxes {Rounds(small.Warm, "interactive")}; {big.Mailboxes:N0} mailboxes {Rounds(big.Warm, "interactive")}.");
        report.AppendLine();
        report.AppendLine($"Each round is a fresh navigation in one signed-in context; before each load the machine was let settle (waited {quiet.Min().TotalSeconds:F0}–{quiet.Max().TotalSeconds:F0} s, 30 s at most). Target: interactive under 1 s with {big.Mailboxes:N0} mailboxes.");
        report.AppendLine();
        report.AppendLine($"The page's API calls alone, through the gateway with the operator's key (HttpClient, {rounds} times each, after the page loads), ms median (max):");
        report.AppendLine();
        report.AppendLine($"| call | {small.Mailboxes} mailboxes | {big.Mailboxes:N0} mailboxes | ratio of medians |");
        report.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, path) in ApiCalls(":id"))
        {
            report.AppendLine($"| {name} `GET {path}` | {Cell(small.Api, name)} | {Cell(big.Api, name)} | {Ratio(small.Api, big.Api, name)} |");
        }
        report.AppendLine();
        report.Append(memory);
        report.AppendLine();
        report.AppendLine($"Load average (1, 5, 15 min): at the start {load[0]}; after the page loads {load[1]}; after the sessions {load[2]}.");
        return report.ToString();
    }

    private static string Cell(List<Dictionary<string, double>> rounds, string mark) =>
        rounds.All(r => r.ContainsKey(mark)) ? $"{MailboxImportBenchmark.Median([.. rounds.Select(r => r[mark])]):F0} ({rounds.Max(r => r[mark]):F0})" : "–";

    private static string Rounds(List<Dictionary<string, double>> rounds, string mark) => string.Join(", ", rounds.Select(r => $"{r[mark]:F0}"));

    private static string Ratio(List<Dictionary<string, double>> baseline, List<Dictionary<string, double>> measured, string mark) =>
        baseline.All(r => r.ContainsKey(mark)) && measured.All(r => r.ContainsKey(mark))
            ? $"{MailboxImportBenchmark.Median([.. measured.Select(r => r[mark])]) / MailboxImportBenchmark.Median([.. baseline.Select(r => r[mark])]):F2}"
            : "–";

    private static string Value(Dictionary<string, double>? marks, string mark) => marks?.GetValueOrDefault(mark, double.NaN) is { } v && !double.IsNaN(v) ? $"{v:F0}" : "–";

    private static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>A project the page is loaded for, and what was measured on it.</summary>
    public sealed class Subject(string name, int mailboxes)
    {
        public string Name { get; } = name;
        public int Mailboxes { get; } = mailboxes;
        public string Id { get; set; } = "";
        public Dictionary<string, double>? Cold { get; set; }
        public List<Dictionary<string, double>> Warm { get; } = [];
        public List<Dictionary<string, double>> Api { get; } = [];
    }
}
