using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// The New project form shows what the project will need (R5) as the API computes it, before anything is saved: it
/// follows the access method, the destination's options and the credential mode, and names the rule a choice breaks.
/// </summary>
public sealed class DashboardNewProjectPreviewTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_requirements_panel_follows_the_form_and_names_a_broken_rule_without_creating_anything()
    {
        var (_, key) = await platform.CreateOperatorAsync("Preview operator");
        await using var session = await DashboardSession.OpenAsync(platform);
        await session.StepsAsync("dashboard-new-project-preview", async () =>
        {
            var page = session.Page;
            await session.SignInAsync(key);
            var panel = page.GetByRole(AriaRole.Region, new() { Name = "What this project will need" });
            await Expect(panel).ToContainTextAsync("Complete the form");

            await page.GetByLabel("Project name").FillAsync("Preview move");
            await page.GetByLabel("Customer name").FillAsync("Contoso");
            await page.GetByLabel("Customer domain").FillAsync("contoso.com");
            await page.GetByLabel("EWS URL").FillAsync("https://mail.contoso.com/EWS/Exchange.asmx");
            await page.GetByLabel("Destination tenant domain").FillAsync("contoso.onmicrosoft.com");
            await page.GetByLabel("Destination tenant domain").BlurAsync();
            var terms = panel.GetByRole(AriaRole.Term);
            var answers = panel.GetByRole(AriaRole.Definition);
            await Expect(terms).ToHaveTextAsync(["Source password from each user", "Destination password", "Outlook assistant download", "End users involved"]);
            await Expect(answers).ToHaveTextAsync(["Yes", "No", "No", "Yes"]);
            await session.ScreenshotAsync("dashboard-new-project-preview");

            await page.GetByLabel("Access method").SelectOptionAsync("impersonation");
            await Expect(answers).ToHaveTextAsync(["No", "No", "No", "No"]);
            await page.GetByLabel("Create accounts").CheckAsync();
            await Expect(answers).ToHaveTextAsync(["No", "Yes", "No", "Yes"]);
            await page.GetByLabel("Credential mode").SelectOptionAsync("manual");
            await Expect(answers).ToHaveTextAsync(["No", "Yes", "No", "No"]);
            await page.GetByLabel("Outlook assistant").SelectOptionAsync("endUser");
            await Expect(answers).ToHaveTextAsync(["No", "Yes", "Yes", "Yes"]);

            // Exchange with OAuth breaks R2: the panel says so with the API's own words, before anything is saved.
            await page.GetByLabel("Access method").SelectOptionAsync("oauth");
            await Expect(panel).ToContainTextAsync("OAuth access is valid only for Google sources.");
            await Expect(panel).ToContainTextAsync("rule R2");
            await Expect(answers).ToHaveCountAsync(0);
            await session.AssertAccessibleAsync("dashboard-new-project-preview-rule");

            using var list = await platform.GetAsync("/v1/projects", key);
            Assert.Equal(0, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
        });
        session.AssertEveryRequestStayedOnTheOrigin();
    }
}
