using System.Text;
using Microsoft.Playwright;
using Migration.IntegrationTests.Peers;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// A Password Reception project from the invitation email to ready, in headless Chromium: the end user gives the source
/// password (checked at the real Dovecot) and the new Microsoft 365 password, which becomes the account the platform
/// creates at the Graph peer.
/// </summary>
public sealed class ReceptionToReadyTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_end_user_invited_by_email_gives_both_passwords_in_the_browser_and_the_mailbox_becomes_ready_with_its_account()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var user = $"reader.{tag}@imap.example.test";
        await platform.Dovecot.AddUserAsync(user, "Source-Passw0rd");
        using var graph = platform.Peers.GraphProvisioning;
        var (tenantId, domain) = (Guid.NewGuid().ToString(), $"reception-{tag}.test");
        await graph.PutTenantAsync(tenantId, new PeerTenantSpec([domain], [new PeerSku("ENTERPRISEPACK", 5)]));
        var upn = $"reader@{domain}";

        var (_, key) = await platform.CreateOperatorAsync("Reception to ready");
        var projectId = await platform.CreateProjectAsync(key, $$"""
            { "name": "Reception to ready", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "imap", "accessMethod": "password", "host": "{{platform.Dovecot.Host}}", "port": {{platform.Dovecot.Port}}, "useTls": false },
              "destination": { "tenantDomain": "{{domain}}", "tenantId": "{{tenantId}}", "createAccounts": true, "credentialMode": "passwordReception",
                               "licenseSku": "ENTERPRISEPACK" },
              "migrationType": "full" }
            """);
        string mailboxId;
        using (var added = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key,
                   new StringContent($"sourceAddress,destinationUpn,displayName\n{user},{upn},Reader {tag}\n", Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(1, (await added.ReadJsonAsync())["added"]!.GetValue<int>());
        }
        using (var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes", key))
        {
            mailboxId = (await list.ReadJsonAsync())["items"]!.AsArray().Single()!["id"]!.GetValue<string>();
        }
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(1, (await invite.ReadJsonAsync())["invited"]!.GetValue<int>());
        }
        var link = Assert.Single(await platform.WaitForEmailsAsync(1, user)).ReceptionLink();

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByLabel($"Your current password for {user}").FillAsync("Source-Passw0rd");
        await page.GetByLabel("Your Microsoft 365 password for").FillAsync("Brand-New-M365-Passw0rd!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have received what you entered");
        await Eventually.WaitForAsync(async () =>
        {
            await page.GotoAsync(link);
            return await page.Locator("#source-status").InnerTextAsync();
        }, shown => shown == "Verified: it works", "the page showing the source password verified");
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("reception-to-ready.png"), FullPage = true });

        var ready = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() is "ready" or "failed", "the mailbox ready", seconds: 120);
        Assert.Equal(("ready", "done"), (ready.State(), ready.Status("provisioning")));
        var account = Assert.Single(await graph.UsersAsync(tenantId));
        Assert.Equal((upn, "Reader " + tag), (account.UserPrincipalName, account.DisplayName));
        Assert.Equal(["ENTERPRISEPACK"], account.Licenses);
        Assert.True(await graph.PasswordMatchesAsync(tenantId, upn, "Brand-New-M365-Passw0rd!"));
    }
}
