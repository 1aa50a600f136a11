using Microsoft.Playwright;
using Migration.Contracts;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// The migrations service gone for a while under an open project page: the page says the platform cannot be reached,
/// keeps what it last saw, and once the service is back it follows the project again without a reload.
/// </summary>
public sealed class DashboardOutageTests(PlatformFixture platform)
{
    private const int Slow = 90_000;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_open_project_page_survives_the_migrations_service_going_away_and_coming_back()
    {
        var (_, key) = await platform.CreateOperatorAsync("Dashboard outage operator");
        var projectId = await platform.CreateProjectAsync(key);
        await platform.AddMailboxesAsync(key, projectId, "anna@contoso.com", "bert@contoso.com");
        await using var session = await DashboardSession.OpenAsync(platform);
        var page = session.Page;

        await session.StepsAsync("dashboard-outage", async () =>
        {
            await session.SignInAsync(key);
            await page.GotoAsync(session.Url($"projects/{projectId}"));
            var table = page.GetByRole(AriaRole.Region, new() { Name = "Mailboxes", Exact = true }).GetByRole(AriaRole.Table);
            await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(2, new() { Timeout = Slow });

            await platform.StopAsync(ResourceNames.MigrationsService, Cancel);
            try
            {
                await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "keeps trying" }))
                    .ToContainTextAsync("could not be reached", new() { Timeout = Slow });
                await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(2);
                await session.ScreenshotAsync("dashboard-outage");
            }
            finally
            {
                await platform.StartAsync(ResourceNames.MigrationsService, Cancel);
            }

            // Back: the warning goes, and a mailbox added meanwhile appears, all on the page that stayed open.
            await platform.AddMailboxesAsync(key, projectId, "carla@contoso.com");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0, new() { Timeout = Slow });
            await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(3, new() { Timeout = Slow });
            await Expect(page.GetByText("3 mailboxes", new() { Exact = true })).ToHaveCountAsync(2);
        });
        session.AssertEveryRequestStayedOnTheOrigin();
    }
}
