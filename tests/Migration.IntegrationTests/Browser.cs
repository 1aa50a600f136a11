using Microsoft.Playwright;

namespace Migration.IntegrationTests;

/// <summary>Headless Debian Chromium driven by Playwright (its own browser download is not available here).</summary>
public static class Browser
{
    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        // Playwright's default of 5 s for an expectation is shorter than a page's round trip through the gateway and an API
        // call can take on a loaded CI machine (seen: a sign-in answer after more than 5 s); an expectation that holds ends
        // as soon as it holds, so a longer wait costs only a failing test's time.
        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // The machine's network is closed: without these, Chromium keeps trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go: beside the test results when test.sh runs the tests.</summary>
    public static string ArtifactPath(string fileName)
    {
        var folder = Environment.GetEnvironmentVariable("MIGRATION_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }
}
