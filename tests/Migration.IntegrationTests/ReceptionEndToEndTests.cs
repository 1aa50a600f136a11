using System.Text;
using Microsoft.Playwright;
using Migration.Contracts;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>Password Reception end to end: invitation emails, the page in a real browser, reminders, and the links' lifetime.</summary>
public sealed class ReceptionEndToEndTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task End_users_invited_by_email_hand_over_their_passwords_in_the_browser_and_only_the_one_who_did_not_is_reminded()
    {
        var (_, key) = await platform.CreateOperatorAsync("Northwind Partners");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] users = [$"anna.{run}@contoso.com", $"ben.{run}@contoso.com", $"cleo.{run}@contoso.com"];
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, users);

        using var invite = await platform.InviteAsync(key, projectId);
        Assert.Equal(3, (await invite.ReadJsonAsync())["invited"]!.GetValue<int>());
        var emails = await platform.WaitForEmailsAsync(3, users);
        Assert.All(emails, email =>
        {
            Assert.Contains("Contoso", email.Subject);
            Assert.Contains("Northwind Partners", email.Text);
            Assert.Contains("Please don't change your password until the migration is complete.", email.Text);
        });

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        foreach (var (user, index) in users.Take(2).Select((u, i) => (u, i)))
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(emails.Single(e => e.To == user).ReceptionLink());
            await Expect(page.GetByText("Contoso is moving your mailbox")).ToBeVisibleAsync();
            await page.GetByLabel($"Your current password for {user}").FillAsync($"Source-{index}");
            await page.GetByLabel("Your Microsoft 365 password for").FillAsync($"Destination-{index}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have received what you entered");
            await Expect(page.Locator("#source-status")).ToHaveTextAsync("Received");
            await Expect(page.Locator("#destination-status")).ToHaveTextAsync("Received");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the Outlook assistant" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath($"reception-after-submit-{index}.png"), FullPage = true });
        }

        foreach (var (id, _) in mailboxes.Where(m => users.Take(2).Contains(m.Address)))
        {
            // The project's source (imap.contoso.com) does not exist here: the source-access service gives up on it soon after.
            var mailbox = await platform.MailboxWhenAsync(key, projectId, id, m => m.State() is "verifying" or "failed", "the mailbox moving on after the page");
            Assert.Contains(mailbox.Status("source"), new[] { "received", "failed" });
            Assert.True(mailbox.Status("source") == "received" || mailbox["source"]!["reason"]!.GetValue<string>() == "serverUnreachable", mailbox.ToJsonString());
            Assert.Equal("received", mailbox.Status("destination"));
        }
        // The separate don't-change-your-password notice follows each completed submission.
        await platform.WaitForEmailsAsync(5, users);

        // A reminder goes out only once the last email is Reception:MinimumReminderInterval old (3 s here), so that a burst
        // of calls never emails anyone twice: a call before that reminds nobody.
        var reminded = await Eventually.WaitForAsync(async () =>
        {
            using var remind = await platform.InviteAsync(key, projectId);
            return await remind.ReadJsonAsync();
        }, answer => answer["reminded"]!.GetValue<int>() > 0, "a reminder once the minimum interval has passed");
        Assert.Equal(1, reminded["invited"]!.GetValue<int>());
        Assert.Equal(1, reminded["reminded"]!.GetValue<int>());
        var reminder = Assert.Single(await Eventually.WaitForAsync(
            () => platform.EmailsToAsync(users), all => all.Any(e => e.Subject.StartsWith("Reminder", StringComparison.Ordinal)), "the reminder"),
            e => e.Subject.StartsWith("Reminder", StringComparison.Ordinal));
        Assert.Equal(users[2], reminder.To);
        var notices = (await platform.EmailsToAsync(users)).Where(e => e.Subject.Contains("keep your password")).Select(e => e.To).Order();
        Assert.Equal(users.Take(2).Order(), notices);
    }

    [Fact]
    public async Task The_page_asks_exactly_for_what_the_project_needs_from_end_users()
    {
        var (_, key) = await platform.CreateOperatorAsync("R5 pages");
        var run = Guid.NewGuid().ToString("N")[..8];
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // Source-Side Impersonation with the assistant deployed by MSI: the destination password only.
        var ssi = await platform.CreateProjectAsync(key, ProjectJson.ImpersonationWithMsi);
        var ssiUser = $"ssi.{run}@contoso.com";
        await platform.AddMailboxesAsync(key, ssi, ssiUser);
        using (var invite = await platform.InviteAsync(key, ssi)) { Assert.Equal(1, (await invite.ReadJsonAsync())["invited"]!.GetValue<int>()); }
        var ssiPage = await browser.NewPageAsync();
        await ssiPage.GotoAsync((await platform.WaitForEmailsAsync(1, ssiUser))[0].ReceptionLink());
        await Expect(ssiPage.GetByLabel("Your Microsoft 365 password for")).ToBeVisibleAsync();
        await Expect(ssiPage.Locator("#sourcePassword")).ToHaveCountAsync(0);
        await Expect(ssiPage.GetByText("Download the Outlook assistant")).ToHaveCountAsync(0);
        await ssiPage.ScreenshotAsync(new() { Path = Browser.ArtifactPath("reception-impersonation-msi.png"), FullPage = true });

        // A data-only migration with password access: the source password only.
        var dataOnly = await platform.CreateProjectAsync(key, ProjectJson.With("imap", "password", "dataOnly", extraSource: ", \"host\": \"imap.contoso.com\""));
        var dataOnlyUser = $"data.{run}@contoso.com";
        await platform.AddMailboxesAsync(key, dataOnly, dataOnlyUser);
        using (var invite = await platform.InviteAsync(key, dataOnly)) { Assert.Equal(1, (await invite.ReadJsonAsync())["invited"]!.GetValue<int>()); }
        var link = (await platform.WaitForEmailsAsync(1, dataOnlyUser))[0].ReceptionLink();
        var dataPage = await browser.NewPageAsync();
        await dataPage.GotoAsync(link);
        await Expect(dataPage.GetByLabel($"Your current password for {dataOnlyUser}")).ToBeVisibleAsync();
        await Expect(dataPage.Locator("#destinationPassword")).ToHaveCountAsync(0);
        // A field the page does not ask for is refused by the API behind it.
        var token = link[(link.LastIndexOf('/') + 1)..];
        using var refused = await platform.Gateway.PostAsync($"/v1/reception/{token}",
            new StringContent("""{ "destinationPassword": "x" }""", Encoding.UTF8, "application/json"), Cancel);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("destinationPassword"));
        // A mistyped (empty) password is an error on the same page, and the same link takes another try.
        await dataPage.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(dataPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter the password asked for");
        await dataPage.GetByLabel($"Your current password for {dataOnlyUser}").FillAsync("second try");
        await dataPage.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(dataPage.Locator("#source-status")).ToHaveTextAsync("Received");

        // Google with OAuth and no Outlook assistant needs nothing from end users: no email at all.
        var google = await platform.CreateProjectAsync(key, ProjectJson.With("google", "oauth", "dataOnly", extraSource: ", \"googleDomain\": \"contoso.com\""));
        var googleUser = $"google.{run}@contoso.com";
        await platform.AddMailboxesAsync(key, google, googleUser);
        await Eventually.WaitForAsync(async () =>
        {
            using var invite = await platform.InviteAsync(key, google);
            return invite.StatusCode;
        }, status => status == HttpStatusCode.Accepted, "the vault knowing the Google project");
        using (var again = await platform.InviteAsync(key, google)) { Assert.Equal(0, (await again.ReadJsonAsync())["invited"]!.GetValue<int>()); }
        await Task.Delay(1000, Cancel);
        Assert.Empty(await platform.EmailsToAsync(googleUser));
    }

    [Fact]
    public async Task Unknown_expired_and_revoked_links_answer_404_and_guessing_hits_the_rate_limit()
    {
        var (_, key) = await platform.CreateOperatorAsync("Links");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] users = [$"expired.{run}@contoso.com", $"revoked.{run}@contoso.com"];
        await platform.AddMailboxesAsync(key, projectId, users);
        using (var invite = await platform.InviteAsync(key, projectId)) { Assert.Equal(2, (await invite.ReadJsonAsync())["invited"]!.GetValue<int>()); }
        var emails = await platform.WaitForEmailsAsync(2, users);
        var expiredToken = Token(emails.Single(e => e.To == users[0]));
        var revokedToken = Token(emails.Single(e => e.To == users[1]));

        using (var valid = await platform.Gateway.GetAsync($"/v1/reception/{expiredToken}", Cancel)) { Assert.Equal(HttpStatusCode.OK, valid.StatusCode); }
        await using (var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase))
        await using (var expire = new Npgsql.NpgsqlCommand(
            $"UPDATE reception_links SET expires_at = now() - interval '1 minute' WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE source_address = '{users[0]}')", db))
        {
            Assert.Equal(1, await expire.ExecuteNonQueryAsync(Cancel));
        }
        var unknown = new string('A', 43);
        foreach (var token in new[] { expiredToken, unknown, "short" })
        {
            using var api = await platform.Gateway.GetAsync($"/v1/reception/{token}", Cancel);
            var problem = await api.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal("This reception link is not valid.", problem["detail"]!.GetValue<string>());
            using var page = await platform.Gateway.GetAsync($"/reception/{token}", Cancel);
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("This link is not valid", await page.Content.ReadAsStringAsync(Cancel));
        }

        using (var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/complete", key)) { Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode); }
        await Eventually.WaitForAsync(async () =>
        {
            using var response = await platform.Gateway.GetAsync($"/v1/reception/{revokedToken}", Cancel);
            return response.StatusCode;
        }, status => status == HttpStatusCode.NotFound, "the link revoked by the purge");

        // Guessing tokens from one address runs into the per-address limit.
        var guesses = await Task.WhenAll(Enumerable.Range(0, 250).Select(i => platform.Gateway.GetAsync($"/v1/reception/guess{i:D38}", Cancel)));
        var limited = guesses.Where(g => g.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.NotNull(limited[0].Headers.RetryAfter);
        Assert.All(guesses, g => Assert.True(g.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests));
        foreach (var guess in guesses)
        {
            guess.Dispose();
        }
        // Let the bucket refill so that later tests from this address are not limited.
        await Task.Delay(TimeSpan.FromSeconds(20), Cancel);
    }

    private static string Token(CaughtEmail email)
    {
        var link = email.ReceptionLink();
        return link[(link.LastIndexOf('/') + 1)..];
    }
}
