using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// The whole loop an end user sees, in headless Chromium, against the real Dovecot: a mistyped source password is refused
/// by the server and the refusal shows on the open page within seconds; the same link takes the right password, and
/// the mailbox ends verified.
/// </summary>
public sealed class SourceAccessReceptionPageTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_mistyped_password_is_refused_on_the_same_page_and_the_same_link_takes_the_right_one()
    {
        var (_, key) = await platform.CreateOperatorAsync("Reception against Dovecot");
        var projectId = await platform.CreateProjectAsync(key, $$"""
            { "name": "Reception IMAP", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "imap", "accessMethod": "password", "host": "{{platform.Dovecot.Host}}", "port": {{platform.Dovecot.Port}}, "useTls": false },
              "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly" }
            """);
        var user = $"page.{Guid.NewGuid().ToString("N")[..8]}@imap.example.test";
        await platform.Dovecot.AddUserAsync(user, "Right-Passw0rd");
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var link = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();
        var mark = platform.Dovecot.Mark();

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByLabel($"Your current password for {user}").FillAsync("Mistyped-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not work", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "reception-refused-by-dovecot.png") });
        Assert.Equal(1, platform.Dovecot.FailedLogins(user, mark));

        await page.GetByLabel($"Your current password for {user}").FillAsync("Right-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Verified: it works", new() { Timeout = 30_000 });
        var mailbox = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "verified", "the mailbox verified");
        Assert.Equal("ready", mailbox.State());
        Assert.Equal(1, platform.Dovecot.SuccessfulLogins(user, mark));
    }
}
