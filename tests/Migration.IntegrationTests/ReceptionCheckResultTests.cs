using Microsoft.Playwright;
using Migration.Contracts.Events;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// The reception page in headless Chromium shows the source check's result on the same page, without a reload: a refusal
/// with its reason and the form to try again on the same link, then the verification of the right password. The results
/// are published as the source-access service publishes them.
/// </summary>
public sealed class ReceptionCheckResultTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_refused_password_shows_on_the_open_page_the_same_link_takes_the_right_one_and_its_verification_shows_too()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Live results");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var user = $"live.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var link = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();
        var origin = new Uri(link).GetLeftPart(UriPartial.Authority);

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync(link);
        await page.GetByLabel($"Your current password for {user}").FillAsync("Mistyped-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Received");
        await Expect(page.Locator("#source-check")).ToContainTextAsync("checking your password");
        // A mark on this document: it is still there after the result shows only if the page did not load again.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        var mistyped = await platform.SourceCredentialIdAsync(mailboxId);
        await platform.PublishOneAsync(SourceAccessCalls.Failed(operatorId, projectId, mailboxId, mistyped, SourceAccessReasons.InvalidPassword));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not work (your mail server did not accept it)", new() { Timeout = 60_000 });
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Did not work: please enter it again");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page loaded again to show the refusal");
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("reception-live-refusal.png"), FullPage = true });

        await page.GetByLabel($"Your current password for {user}").FillAsync("Correct-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Received");
        Assert.Equal(page.Url, link);
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var correct = await platform.SourceCredentialIdAsync(mailboxId);
        Assert.NotEqual(mistyped, correct);
        await platform.PublishOneAsync(SourceAccessCalls.Verified(operatorId, projectId, mailboxId, correct));
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Verified: it works", new() { Timeout = 60_000 });
        await Expect(page.Locator("#source-check")).ToContainTextAsync("Your password works");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page loaded again to show the verification");
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("reception-live-verified.png"), FullPage = true });

        var mailbox = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "ready", "the mailbox verified");
        Assert.Equal("verified", mailbox.Status("source"));
        Assert.Empty(scriptErrors);
        Assert.All(requests, url => Assert.StartsWith(origin, url));
        Assert.Contains(requests, url => url.Contains("/v1/reception/", StringComparison.Ordinal));
    }
}
