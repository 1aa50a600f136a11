using System.Collections.Concurrent;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Migration.IntegrationTests;

/// <summary>A browser on the dashboard through the gateway, recording every address the page asks for.</summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _origin;
    private readonly PlatformFixture _platform;
    private readonly ConcurrentQueue<string> _requested = new();

    private DashboardSession(PlatformFixture platform, IPlaywright playwright, IBrowser browser, IPage page, Uri origin)
    {
        _platform = platform;
        _playwright = playwright;
        _browser = browser;
        Page = page;
        _origin = origin;
        page.Request += (_, request) => _requested.Enqueue(request.Url);
        page.WebSocket += (_, socket) => _requested.Enqueue(socket.Url);
    }

    public IPage Page { get; }

    /// <param name="clientAddress">Where the browser seems to be: the tests' gateway believes X-Forwarded-For from loopback.</param>
    public static async Task<DashboardSession> OpenAsync(PlatformFixture platform, int width = 1280, int height = 900, string? clientAddress = null)
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            ExtraHTTPHeaders = clientAddress is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = clientAddress },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return new DashboardSession(platform, playwright, browser, page, platform.Gateway.BaseAddress!);
    }

    public string Url(string path) => new Uri(_origin, $"/dashboard/{path}").ToString();

    /// <summary>Signs in with the key at the sign-in page and waits for the projects page it leads to.</summary>
    public Task SignInAsync(string key) => SignInAsync(Page, key);

    /// <summary>Signs in on another of this browser's pages (a fresh context has its own cookies and connections).</summary>
    public async Task SignInAsync(IPage page, string key)
    {
        // The first page of a dashboard that just started can take a while on a busy machine.
        await page.GotoAsync(Url("signin"), new() { Timeout = 30_000 });
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>A page in a fresh context of the same browser: no cookie, no connection shared with the others.</summary>
    public async Task<IPage> NewContextPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Browser.ArtifactPath($"{name}.png"), FullPage = true });

    /// <summary>The page's documents, scripts, styles, fonts, fetches and its circuit's socket: all from the gateway's own origin.</summary>
    public void AssertEveryRequestStayedOnTheOrigin()
    {
        Assert.NotEmpty(_requested);
        var elsewhere = _requested.Select(url => new Uri(url))
            .Where(uri => !(uri.Scheme is "http" or "ws" && uri.Host == _origin.Host && uri.Port == _origin.Port) && uri.Scheme != "data")
            .Select(uri => uri.ToString()).Distinct().ToList();
        Assert.True(elsewhere.Count == 0, $"Requests left the platform's origin: {string.Join(", ", elsewhere)}");
        Assert.Contains(_requested, url => url.StartsWith("ws", StringComparison.Ordinal));
    }

    /// <summary>Runs a test's steps; when one fails, the page as it was is saved beside the other screenshots.</summary>
    public async Task StepsAsync(string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            await ScreenshotAsync($"{name}-failed");
            throw;
        }
    }

    /// <summary>axe-core finds nothing serious or critical on the page as it is now, and the page is no wider than the window.</summary>
    public async Task AssertAccessibleAsync(string name)
    {
        await ScreenshotAsync(name);
        var result = await Page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html).Take(3))}").ToList();
        Assert.True(serious.Count == 0, $"{name}: {string.Join("\n", serious)}");
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} is {overflow} px wider than the window.");
    }

    public async ValueTask DisposeAsync()
    {
        // The dashboard's own log beside the screenshots: what a failed step needs to be understood.
        await File.WriteAllLinesAsync(Browser.ArtifactPath("dashboard-log.txt"),
            _platform.Logs.Lines.Where(line => line.StartsWith("Migration.AppHost.Resources.dashboard:", StringComparison.Ordinal)).TakeLast(400));
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
