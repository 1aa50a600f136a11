using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// Sign out ends the sign-in everywhere (docs/decisions/0025): a page left open in another tab leaves for the sign-in
/// within seconds, and a copy of the session cookie taken before signing out opens nothing afterwards.
/// </summary>
public sealed class DashboardSignOutTests(PlatformFixture platform)
{
    private const float Timeout = 30_000;

    [Fact]
    public async Task Signing_out_ends_the_page_open_in_another_tab_and_every_copy_of_the_cookie()
    {
        var (_, key) = await platform.CreateOperatorAsync("Dashboard sign-out operator");
        var projectId = await platform.CreateProjectAsync(key);
        await using var session = await DashboardSession.OpenAsync(platform);
        var page = session.Page;
        await session.StepsAsync("dashboard-sign-out", async () =>
        {
            await session.SignInAsync(key);
            var otherTab = await page.Context.NewPageAsync();
            await otherTab.GotoAsync(session.Url($"projects/{projectId}"));
            var heading = otherTab.GetByRole(AriaRole.Heading, new() { Name = "Contoso to M365", Level = 1 });
            await Expect(heading).ToBeVisibleAsync(new() { Timeout = Timeout });
            var copied = await page.Context.CookiesAsync();
            Assert.Contains(copied, c => c.Name == ".migration-dashboard");

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

            // The other tab's circuit was still signed in; within a few revalidations it makes way for the sign-in.
            await Expect(otherTab.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Expect(heading).ToHaveCountAsync(0);

            // A copy of the cookie, replayed from another browser, is refused and deleted there.
            var elsewhere = await session.NewContextPageAsync();
            await elsewhere.Context.AddCookiesAsync(copied.Select(c => new Microsoft.Playwright.Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            }));
            await elsewhere.GotoAsync(session.Url($"projects/{projectId}"));
            await Expect(elsewhere.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync(new() { Timeout = Timeout });
            Assert.DoesNotContain(await elsewhere.Context.CookiesAsync(), c => c.Name == ".migration-dashboard");

            // Signing in again works, as a new session.
            await session.SignInAsync(elsewhere, key);
        });
    }
}
