using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Migration.IntegrationTests.Peers;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// A whole project run from the dashboard in headless Chromium, as an operator does it: the project through the form, 200
/// mailboxes by CSV, one mailbox's passwords typed in and watched to verified and ready without a reload, a credentials
/// CSV with a bad row, the invitations and one of their emails, and the project completed behind its warning.
/// </summary>
public sealed class DashboardProjectFlowTests(PlatformFixture platform)
{
    private const int Slow = 90_000;
    private const string SourcePassword = "Dashboard-Src-Canary-7f3a";
    private const string DestinationPassword = "Dashboard-Dst-Canary-91bd!";

    [Fact]
    public async Task An_operator_runs_a_project_from_import_to_completion_in_the_browser_and_sees_it_change_live()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(1, 200).Select(i => $"user{i:000}.{tag}@imap.example.test").ToList();
        await platform.Dovecot.AddUserAsync(users[0], SourcePassword);
        using var graph = platform.Peers.GraphProvisioning;
        var (tenantId, domain) = (Guid.NewGuid().ToString(), $"dashboard-{tag}.test");
        await graph.PutTenantAsync(tenantId, new PeerTenantSpec([domain], [new PeerSku("ENTERPRISEPACK", 5)]));
        var (_, key) = await platform.CreateOperatorAsync("Dashboard flow operator");
        await using var session = await DashboardSession.OpenAsync(platform);
        var page = session.Page;
        var name = $"Flow {tag}";

        await session.StepsAsync("dashboard-flow", async () =>
        {
            await session.SignInAsync(key);

            await page.GetByLabel("Project name").FillAsync(name);
            await page.GetByLabel("Customer name").FillAsync("Contoso");
            await page.GetByLabel("Customer domain").FillAsync("contoso.com");
            await page.GetByLabel("Source kind").SelectOptionAsync("imap");
            await page.GetByLabel("Access method").SelectOptionAsync("password");
            await page.GetByLabel("IMAP host").FillAsync(platform.Dovecot.Host);
            await page.GetByLabel("IMAP port").FillAsync(platform.Dovecot.Port.ToString());
            await page.GetByLabel("Use TLS").UncheckAsync();
            await page.GetByLabel("Destination tenant domain").FillAsync(domain);
            await page.GetByLabel("Destination tenant id").FillAsync(tenantId);
            await page.GetByLabel("Create accounts").CheckAsync();
            await page.GetByLabel("Credential mode").SelectOptionAsync("passwordReception");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "created" })).ToContainTextAsync($"Project {name} created", new() { Timeout = Slow });
            await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync(new() { Timeout = Slow });

            // 200 mailboxes and one row repeating the first: 200 added, the repeat rejected with its reason.
            var csv = "sourceAddress,destinationUpn,displayName\n"
                      + string.Concat(users.Select((u, i) => $"{u},user{i + 1:000}@{domain},User {i + 1:000}\n"))
                      + $"{users[0]},again@{domain},Again\n";
            await page.GetByLabel("Mailbox CSV").SetInputFilesAsync(new FilePayload { Name = "mailboxes.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload mailboxes" }).ClickAsync();
            var mailboxImport = page.GetByRole(AriaRole.Region, new() { Name = "Import mailboxes" });
            await Expect(mailboxImport.GetByRole(AriaRole.Status)).ToContainTextAsync("200 added, 1 rejected", new() { Timeout = Slow });
            await Expect(mailboxImport.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row, new() { Name = "201" })).ToContainTextAsync("already in the project");
            await Expect(mailboxImport.GetByLabel("Upload progress")).ToHaveAttributeAsync("value", csv.Length.ToString());
            var table = page.GetByRole(AriaRole.Region, new() { Name = "Mailboxes", Exact = true }).GetByRole(AriaRole.Table);
            await Expect(table.GetByText("200 mailboxes")).ToBeVisibleAsync();
            await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(50);
            await Expect(page.GetByText("Page 1 of 4")).ToBeVisibleAsync();
            await session.ScreenshotAsync("dashboard-flow-imported");

            // The first mailbox's passwords, typed in: the fields empty again at once, and nothing typed ever on the page.
            await page.GetByLabel("Search by address").FillAsync(users[0]);
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync([users[0]]);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Manage {users[0]}" }).ClickAsync();
            var credentials = page.GetByRole(AriaRole.Region, new() { Name = $"Credentials of {users[0]}" });
            await credentials.GetByLabel("Destination password").FillAsync(DestinationPassword);
            await credentials.GetByRole(AriaRole.Button, new() { Name = "Set destination password" }).ClickAsync();
            await Expect(credentials.GetByRole(AriaRole.Status)).ToHaveTextAsync("Destination password saved.");
            await credentials.GetByLabel("Source password").FillAsync(SourcePassword);
            await credentials.GetByRole(AriaRole.Button, new() { Name = "Set source password" }).ClickAsync();
            await Expect(credentials.GetByRole(AriaRole.Status)).ToContainTextAsync("Source password saved");
            await Expect(credentials.GetByLabel("Source password")).ToHaveValueAsync("");
            await Expect(credentials.GetByLabel("Destination password")).ToHaveValueAsync("");
            await session.ScreenshotAsync("dashboard-flow-credentials");

            // No reload from here on: the open page follows the mailbox to verified, then to ready with its account.
            var row = table.GetByRole(AriaRole.Row).Filter(new() { HasText = users[0] });
            await Expect(row).ToContainTextAsync("verified", new() { Timeout = Slow });
            await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("Ready", new() { Timeout = Slow });
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Mailboxes by state: Ready 1, Waiting for user 199" })).ToBeVisibleAsync(new() { Timeout = Slow });
            Assert.True(await graph.PasswordMatchesAsync(tenantId, $"user001@{domain}", DestinationPassword));
            await session.ScreenshotAsync("dashboard-flow-ready");

            // A credentials CSV: one row the source refuses (shown among the failures, live), one for no such mailbox.
            var credentialsCsv = $"sourceAddress,sourcePassword,destinationPassword\n{users[1]},Not-Her-Passw0rd,Another-M365-Passw0rd!\nnobody.{tag}@imap.example.test,x,y\n";
            await page.GetByLabel("Credentials CSV").SetInputFilesAsync(new FilePayload { Name = "credentials.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(credentialsCsv) });
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload credentials" }).ClickAsync();
            var credentialImport = page.GetByRole(AriaRole.Region, new() { Name = "Import credentials" });
            await Expect(credentialImport.GetByRole(AriaRole.Status)).ToContainTextAsync("1 accepted, 1 rejected", new() { Timeout = Slow });
            await Expect(page.GetByText("invalidPassword").First).ToBeVisibleAsync(new() { Timeout = Slow });

            // Invitations go to the 199 who still owe a password (the refused one owes it again); one of them reads hers.
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitations" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Invitations" }).GetByRole(AriaRole.Status))
                .ToHaveTextAsync("199 invited, 0 reminded.", new() { Timeout = Slow });
            var email = Assert.Single(await platform.WaitForEmailsAsync(1, users[2]));
            Assert.Matches("/reception/", email.ReceptionLink());
            await session.ScreenshotAsync("dashboard-flow-invited");

            await page.GetByRole(AriaRole.Button, new() { Name = "Complete project" }).ClickAsync();
            var confirm = page.GetByRole(AriaRole.Alertdialog);
            await Expect(confirm).ToContainTextAsync("will be purged");
            await session.ScreenshotAsync("dashboard-flow-complete-confirm");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Complete and purge credentials" }).ClickAsync();
            await Expect(page.GetByText(new Regex("Completed on .*credentials were purged"))).ToBeVisibleAsync(new() { Timeout = Slow });
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send invitations" })).ToHaveCountAsync(0);
            await Expect(page.GetByLabel("Mailbox CSV")).ToHaveCountAsync(0);
            await session.ScreenshotAsync("dashboard-flow-completed");

            var content = await page.ContentAsync();
            Assert.DoesNotContain(SourcePassword, content);
            Assert.DoesNotContain(DestinationPassword, content);
        });

        session.AssertEveryRequestStayedOnTheOrigin();
        var leaked = platform.Logs.Lines.FirstOrDefault(line => line.Contains(SourcePassword) || line.Contains(DestinationPassword));
        Assert.True(leaked is null, $"A typed password reached a log: {leaked?.Replace(SourcePassword, "<source>").Replace(DestinationPassword, "<destination>")}");
        Assert.DoesNotContain(await page.Context.Pages[0].EvaluateAsync<string>("() => location.href + history.length"), SourcePassword);
        // The API key typed at sign-in is a secret too: the dashboard keeps it server-side and sends it only as a header.
        Assert.DoesNotContain(platform.Logs.Lines, line => line.Contains(key, StringComparison.Ordinal));
    }
}
