using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// The whole loop an end user sees, in headless Chromium, against the real Dovecot: a mistyped source password is refused
/// by the server and the refusal shows on the open page within seconds; the same link takes the right password, and
/// the mailbox ends verified. Both results show without the page loading again, and every request stays on its origin.
/// </summary>
public sealed class SourceAccessReceptionPageTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_mistyped_password_is_refused_on_the_same_page_and_the_same_link_takes_the_right_one()
    {
        var (_, key) = await platform.CreateOperatorAsync("Reception against Dovecot");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyDovecotProject(platform));
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
        var origin = new Uri(link).GetLeftPart(UriPartial.Authority);
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync(link);
        await page.GetByLabel($"Your current password for {user}").FillAsync("Mistyped-Passw0rd");
        await SubmitAndMarkTheAnswerAsync(page);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not work (your mail server did not accept it)", new() { Timeout = 30_000 });
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Did not work: please enter it again");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page loaded again to show the refusal");
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("reception-refused-by-dovecot.png"), FullPage = true });
        Assert.Equal(1, platform.Dovecot.FailedLogins(user, mark));

        await page.GetByLabel($"Your current password for {user}").FillAsync("Right-Passw0rd");
        await SubmitAndMarkTheAnswerAsync(page);
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Verified: it works", new() { Timeout = 30_000 });
        await Expect(page.Locator("#source-check")).ToContainTextAsync("Your password works");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page loaded again to show the verification");
        Assert.Equal(link, page.Url);
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("reception-verified-by-dovecot.png"), FullPage = true });
        var mailbox = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "verified", "the mailbox verified");
        Assert.Equal("ready", mailbox.State());
        Assert.Equal(1, platform.Dovecot.SuccessfulLogins(user, mark));
        Assert.Empty(scriptErrors);
        Assert.All(requests, url => Assert.StartsWith(origin, url));
        Assert.Contains(requests, url => url.Contains("/v1/reception/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Sends the form (a plain POST, so the answer is a new document) and marks that document: the mark is still there
    /// when a result shows only if the page did not load again to show it.
    /// </summary>
    private static async Task SubmitAndMarkTheAnswerAsync(IPage page)
    {
        await page.EvaluateAsync("() => { window.beforeTheAnswer = true; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.beforeTheAnswer === undefined && document.readyState !== 'loading'");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
    }
}
