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
        // Anna's password (90 days) expires before the cutover of 2027-01-15, Bert's after: the page shows the risk too.
        using (var added = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, new StringContent(
                   "sourceAddress,destinationUpn,passwordLastSet\nanna@contoso.com,anna@contoso.onmicrosoft.com,2026-10-01\nbert@contoso.com,bert@contoso.onmicrosoft.com,2026-11-30\n",
                   System.Text.Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(2, (await added.ReadJsonAsync())["added"]!.GetValue<int>());
        }
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
        var mailboxes = page.GetByRole(AriaRole.Region, new() { Name = "Mailboxes", Exact = true });
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader, new() { Name = "anna@contoso.com" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var risk = page.GetByRole(AriaRole.Region, new() { Name = "Passwords expiring before cutover (1)" });
        await Expect(risk.GetByRole(AriaRole.Row, new() { Name = "anna@contoso.com" })).ToContainTextAsync("2026-12-30");
        var recommendations = page.GetByRole(AriaRole.Region, new() { Name = "Recommendations" });
        await Expect(recommendations).ToContainTextAsync("disable the password expiration policy until the migration is complete");
        await Expect(recommendations).ToContainTextAsync("have all users change their passwords before the migration starts");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Source access" }).GetByLabel("Admin password")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Manage anna@contoso.com" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete project" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToBeVisibleAsync();
        await session.AssertAccessibleAsync($"dashboard-project-{width}");

        session.AssertEveryRequestStayedOnTheOrigin();
    }
}
