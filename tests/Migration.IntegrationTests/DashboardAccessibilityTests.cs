using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// axe-core (shipped inside the Deque package, injected into each page) finds nothing serious or critical on the sign-in,
/// projects and project pages, at a desktop's 1280 px and a phone's 390 px, and no page is wider than the window.
/// </summary>
public sealed class DashboardAccessibilityTests(PlatformFixture platform)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Every_page_has_no_serious_accessibility_violation_and_fits_the_width(int width)
    {
        var (_, key) = await platform.CreateOperatorAsync($"Accessible operator {width}");
        var projectId = await platform.CreateProjectAsync(key);
        await platform.AddMailboxesAsync(key, projectId, "anna@contoso.com", "bert@contoso.com");
        await using var session = await DashboardSession.OpenAsync(platform, width, 800);
        var page = session.Page;

        await page.GotoAsync(session.Url("signin"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await session.AssertAccessibleAsync($"dashboard-sign-in-{width}");

        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Contoso to M365" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await session.AssertAccessibleAsync($"dashboard-projects-{width}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Contoso to M365" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "anna@contoso.com" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await session.AssertAccessibleAsync($"dashboard-project-{width}");

        session.AssertEveryRequestStayedOnTheOrigin();
    }
}
