using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.Benchmarks;

/// <summary>
/// Headless Debian Chromium on the operator dashboard through the gateway, found by labels and roles as the dashboard
/// tests find things. Every page of its contexts records, from navigation start, when the project page's parts appeared.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    private const float Timeout = 120_000;

    /// <summary>
    /// Runs before the page's own scripts. A mutation observer notes the first moment each part is in the DOM (Blazor
    /// renders a batch at once, and the browser paints it at the next frame); the mailbox table is the one with a
    /// "Source address" column, as the dashboard tests pick it; the socket is the circuit's (Blazor's only WebSocket).
    /// </summary>
    private const string MarksScript = """
        (() => {
          const marks = {};
          const at = name => { if (!(name in marks)) marks[name] = performance.now(); };
          const mailboxTable = () => [...document.querySelectorAll('table, [role=table]')].find(t =>
            [...t.querySelectorAll('th[scope=col], [role=columnheader]')].some(h => h.textContent.trim() === 'Source address'));
          const tableName = t => t ? (t.getAttribute('aria-label') ?? t.querySelector('caption')?.textContent.trim() ?? '') : null;
          let nameAtChange;
          const check = () => {
            for (const h of document.querySelectorAll('h1')) at('h1:' + h.textContent.trim());
            const table = mailboxTable();
            if (table?.querySelector('th[scope=row], [role=rowheader]')) at('firstRow');
            const counts = document.querySelector('[aria-label="Mailboxes by state"]');
            if (counts && /\d/.test(counts.textContent)) at('counts');
            if (nameAtChange !== undefined && tableName(table) !== nameAtChange) at('filtered');
          };
          document.addEventListener('change', () => {
            if (nameAtChange === undefined) { nameAtChange = tableName(mailboxTable()); at('filterChanged'); }
          }, true);
          new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(...args) { super(...args); this.addEventListener('open', () => at('socketOpen')); }
          };
          window.__dashboardMarks = () => {
            const resources = performance.getEntriesByType('resource');
            const resource = part => resources.find(r => r.name.includes(part));
            const result = { ...marks, document: performance.getEntriesByType('navigation')[0]?.responseEnd,
              script: resource('blazor.web')?.responseEnd, negotiating: resource('_blazor/negotiate')?.startTime,
              negotiated: resource('_blazor/negotiate')?.responseEnd,
              firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime };
            return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
          };
        })();
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _origin;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, Uri gateway)
    {
        _playwright = playwright;
        _browser = browser;
        _origin = gateway.ToString().TrimEnd('/');
    }

    public static async Task<DashboardBrowser> LaunchAsync(Uri gateway)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // The machine's network is closed: without these, Chromium keeps trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        return new DashboardBrowser(playwright, browser, gateway);
    }

    /// <summary>A fresh context (no cookies, empty cache) signed in with the operator's key: its page is on the project list.</summary>
    public async Task<IPage> SignedInPageAsync(string key)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, BaseURL = _origin });
        context.SetDefaultTimeout(Timeout);
        await context.AddInitScriptAsync(MarksScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/signin");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Timeout });
        return page;
    }

    /// <summary>
    /// A fresh navigation to the project page, until it is interactive as an operator sees it: the project's name as
    /// the h1, the readiness counts and the mailbox table's first row (all rendered by the circuit, the page having no
    /// prerendering). Returns the page's marks, in milliseconds since navigation start.
    /// </summary>
    public static async Task<Dictionary<string, double>> OpenProjectAsync(IPage page, string projectId, string projectName)
    {
        await page.GotoAsync($"/dashboard/projects/{projectId}", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = projectName, Level = 1, Exact = true })).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(page.GetByLabel("Mailboxes by state", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(MailboxTable(page).GetByRole(AriaRole.Rowheader).First).ToBeVisibleAsync(new() { Timeout = Timeout });
        await page.WaitForFunctionAsync("() => { const m = window.__dashboardMarks(); return m.firstRow !== undefined && m.counts !== undefined; }");
        return await MarksAsync(page);
    }

    /// <summary>
    /// Filters the open project page to the ready mailboxes (none are, without credentials) and returns the milliseconds
    /// from the select's change until the mailbox table showed the filtered answer.
    /// </summary>
    public static async Task<double> FilterToReadyAsync(IPage page)
    {
        await page.GetByLabel("Filter by state").SelectOptionAsync("ready");
        await page.WaitForFunctionAsync("() => window.__dashboardMarks().filtered !== undefined");
        await Expect(MailboxTable(page).GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(0, new() { Timeout = Timeout });
        var marks = await MarksAsync(page);
        return marks["filtered"] - marks["filterChanged"];
    }

    private static ILocator MailboxTable(IPage page) => page.GetByRole(AriaRole.Table).Filter(new() { HasText = "Source address" });

    private static async Task<Dictionary<string, double>> MarksAsync(IPage page)
    {
        // First contentful paint is reported a frame after the paint itself.
        await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)))");
        return await page.EvaluateAsync<Dictionary<string, double>>("() => window.__dashboardMarks()");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
