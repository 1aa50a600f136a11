using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// The operator dashboard in headless Chromium through the real gateway, found by labels and roles as a person (or a
/// screen reader) finds things: sign-in, the New project form against the API's rules, the list and the project page,
/// operators kept apart, and not one request to another origin.
/// </summary>
public sealed class DashboardTests(PlatformFixture platform)
{
    private const int Timeout = 30_000;

    [Fact]
    public async Task An_operator_signs_in_creates_a_project_through_the_form_and_finds_it_with_its_mailboxes()
    {
        var (_, key) = await platform.CreateOperatorAsync("Dashboard operator");
        await using var session = await DashboardSession.OpenAsync(platform);
        await session.StepsAsync("dashboard-project-flow", () => CreateAndFindAsync(session, key));
        session.AssertEveryRequestStayedOnTheOrigin();
    }

    private async Task CreateAndFindAsync(DashboardSession session, string key)
    {
        var page = session.Page;
        await page.GotoAsync(session.Url("projects"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("API key").FillAsync("mig_not-a-real-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.DoesNotContain("mig_not-a-real-key", await page.ContentAsync());
        await session.ScreenshotAsync("dashboard-sign-in-refused");

        await session.SignInAsync(key);
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/projects$"));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == ".migration-dashboard");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal(-1, cookie.Expires);
        Assert.DoesNotContain(key, cookie.Value);

        // Exchange with OAuth breaks R2: the API's message and rule show next to the form, and nothing is created.
        var name = $"Contoso move {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Project name").FillAsync(name);
        await page.GetByLabel("Customer name").FillAsync("Contoso");
        await page.GetByLabel("Customer domain").FillAsync("contoso.com");
        await page.GetByLabel("Source kind").SelectOptionAsync("exchange");
        await page.GetByLabel("Access method").SelectOptionAsync("oauth");
        await page.GetByLabel("EWS URL").FillAsync("https://mail.contoso.com/EWS/Exchange.asmx");
        await page.GetByLabel("Destination tenant domain").FillAsync("contoso.onmicrosoft.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        var problem = page.Locator("#new-project-problem");
        await Expect(problem).ToContainTextAsync("R2");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await session.ScreenshotAsync("dashboard-new-project-rule-violation");

        await page.GetByLabel("Access method").SelectOptionAsync("impersonation");
        await page.GetByLabel("Create accounts").CheckAsync();
        await page.GetByLabel("Outlook assistant").SelectOptionAsync("msi");
        await page.GetByLabel("Cutover date").FillAsync("2027-01-15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Project {name} created");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First).ToBeVisibleAsync();
        await session.ScreenshotAsync("dashboard-projects");

        using var list = await platform.GetAsync("/v1/projects?page=1&pageSize=100", key);
        var created = (await list.ReadJsonAsync())["items"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!;
        Assert.Equal("impersonation", created["source"]!["accessMethod"]!.GetValue<string>());
        Assert.Equal("2027-01-15", created["cutoverDate"]!.GetValue<string>());
        var projectId = created["id"]!.GetValue<string>();
        await platform.AddMailboxesAsync(key, projectId, "anna@contoso.com", "bert@contoso.com", "carla@contoso.com");

        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync(new() { Timeout = Timeout });
        foreach (var state in new[] { "Ready", "Waiting for user", "Verifying", "Provisioning", "Failed" })
        {
            await Expect(page.GetByText(state, new() { Exact = true }).First).ToBeVisibleAsync();
        }
        var mailboxes = page.GetByRole(AriaRole.Table).Filter(new() { HasText = "Source address" });
        await Expect(mailboxes.GetByText("3 mailboxes")).ToBeVisibleAsync();
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(3);
        await page.GetByLabel("Search by address").FillAsync("BERT@");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["bert@contoso.com"]);
        await page.GetByLabel("Search by address").FillAsync("");
        await page.GetByLabel("Filter by state").SelectOptionAsync("ready");
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(0);
        await page.GetByLabel("Filter by state").SelectOptionAsync("waitingForUser");
        await Expect(mailboxes.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(3);
        await session.ScreenshotAsync("dashboard-project");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync(session.Url($"projects/{projectId}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_operator_with_more_projects_than_a_page_reaches_every_one_with_its_counts()
    {
        // An operator serves many customers: more projects than the API gives in one page of 100.
        const int Count = 110;
        var (_, key) = await platform.CreateOperatorAsync("Dashboard operator of many customers");
        var ids = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            ids.Add(await platform.CreateProjectAsync(key, ProjectJson.ImpersonationWithMsi.Replace("Contoso to M365", $"Customer move {i:D3}")));
        }
        await platform.AddMailboxesAsync(key, ids[0], "anna@contoso.com", "bert@contoso.com", "carla@contoso.com");
        await using var session = await DashboardSession.OpenAsync(platform);
        var page = session.Page;

        await session.StepsAsync("dashboard-many-projects", async () =>
        {
            await session.SignInAsync(key);
            var list = page.GetByRole(AriaRole.Table, new() { Name = $"Your projects ({Count})" });
            var pager = page.GetByRole(AriaRole.Navigation, new() { Name = "Project pages" });
            // Newest first, a page at a time.
            await Expect(list.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(25, new() { Timeout = Timeout });
            await Expect(list.GetByRole(AriaRole.Rowheader).First).ToHaveTextAsync($"Customer move {Count - 1:D3}");
            await Expect(pager).ToContainTextAsync("Page 1 of 5");
            await Expect(pager.GetByRole(AriaRole.Button, new() { Name = "Previous page" })).ToBeDisabledAsync();
            for (var next = 2; next <= 5; next++)
            {
                await pager.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
                await Expect(pager).ToContainTextAsync($"Page {next} of 5");
            }
            await Expect(list.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(Count - 100);
            await Expect(pager.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();
            // The first project made, beyond the API's first 100, with its own counts.
            var oldest = list.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Customer move 000" }) });
            await Expect(oldest.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("3");
            await session.ScreenshotAsync("dashboard-projects-last-page");
            await oldest.GetByRole(AriaRole.Link, new() { Name = "Customer move 000" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customer move 000", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Timeout });
        });
    }

    [Fact]
    public async Task Operator_B_never_sees_operator_A_s_project_not_even_by_its_address()
    {
        var (_, keyA) = await platform.CreateOperatorAsync("Dashboard operator A");
        var (_, keyB) = await platform.CreateOperatorAsync("Dashboard operator B");
        var nameA = $"A's secret move {Guid.NewGuid().ToString("N")[..6]}";
        var projectA = await platform.CreateProjectAsync(keyA, ProjectJson.ImpersonationWithMsi.Replace("Contoso to M365", nameA));
        await using var session = await DashboardSession.OpenAsync(platform);
        var page = session.Page;

        await session.SignInAsync(keyB);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No project yet")).ToBeVisibleAsync(new() { Timeout = Timeout });
        Assert.DoesNotContain(nameA, await page.ContentAsync());

        await page.GotoAsync(session.Url($"projects/{projectA}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Project not found" })).ToBeVisibleAsync(new() { Timeout = Timeout });
        Assert.DoesNotContain(nameA, await page.ContentAsync());
        await session.ScreenshotAsync("dashboard-other-operators-project");

        session.AssertEveryRequestStayedOnTheOrigin();
    }
}
