using MassTransit;
using Microsoft.Playwright;
using Migration.Contracts;
using Migration.Contracts.Events;
using static Microsoft.Playwright.Assertions;

namespace Migration.IntegrationTests;

/// <summary>
/// R8: a source password that the source refuses is marked invalid, the end user is asked again (on the same link and by
/// email), and the operator sees the failure with its reason. The result arrives as <see cref="SourceAccessFailed"/> on
/// the real broker, exactly as the source-access service publishes it.
/// </summary>
public sealed class RefusedPasswordTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refused_password_is_asked_for_again_on_the_same_link_and_by_email_and_the_mailbox_shows_why()
    {
        var (_, key) = await platform.CreateOperatorAsync("Refusals");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var user = $"refused.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var link = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByLabel($"Your current password for {user}").FillAsync("Mistyped-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Received");
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "received", "the first password received");

        var firstCredential = await SourceCredentialIdAsync(mailboxId);
        await PublishAsync(Refusal(projectId, mailboxId, firstCredential, SourceAccessReasons.InvalidPassword));

        var failed = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "failed", "the mailbox failing");
        Assert.Equal("failed", failed.Status("source"));
        Assert.Equal("invalidPassword", failed["source"]!["reason"]!.GetValue<string>());
        using (var readiness = await platform.GetAsync($"/v1/projects/{projectId}/readiness", key))
        {
            var report = await readiness.ReadJsonAsync();
            Assert.Equal(1, report["failed"]!.GetValue<int>());
            Assert.Equal(1, report["failuresByReason"]!["invalidPassword"]!.GetValue<int>());
        }

        var reRequest = (await Eventually.WaitForAsync(() => platform.EmailsToAsync(user),
            emails => emails.Any(e => e.Subject.Contains("did not work")), "the re-request email")).Single(e => e.Subject.Contains("did not work"));
        Assert.Contains("enter the password of your current mailbox", reRequest.Text);
        Assert.NotEqual(link, reRequest.ReceptionLink());
        Assert.DoesNotContain("Mistyped-Passw0rd", reRequest.Raw);

        // The link of the first email still works and now asks again, saying why.
        var token = link[(link.LastIndexOf('/') + 1)..];
        using (var view = await platform.Gateway.GetAsync($"/v1/reception/{token}", Cancel))
        {
            var body = await view.ReadJsonAsync();
            Assert.True(body["needs"]!["sourcePassword"]!.GetValue<bool>());
            Assert.Equal("failed", body["source"]!["status"]!.GetValue<string>());
            Assert.Equal("invalidPassword", body["source"]!["reason"]!.GetValue<string>());
        }
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not work");
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Did not work: please enter it again");
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("reception-password-refused.png"), FullPage = true });
        await page.GetByLabel($"Your current password for {user}").FillAsync("Correct-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Expect(page.Locator("#source-status")).ToHaveTextAsync("Received");

        var again = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "received", "the second password received");
        Assert.Equal("verifying", again.State());
        Assert.Null(again["source"]!["reason"]);

        // A late result about the replaced password changes nothing.
        var stale = Refusal(projectId, mailboxId, firstCredential, SourceAccessReasons.InvalidPassword);
        var staleMessageId = await PublishAsync(stale);
        await WaitUntilHandledAsync(ResourceNames.MigrationsDatabase, staleMessageId);
        await WaitUntilHandledAsync(ResourceNames.CredentialReceptionDatabase, staleMessageId);
        var afterStale = await platform.MailboxAsync(key, projectId, mailboxId);
        Assert.Equal("received", afterStale.Status("source"));
        Assert.Equal("verifying", afterStale.State());
    }

    [Fact]
    public async Task A_refused_operator_entered_password_is_the_operators_to_fix_and_an_unreachable_server_asks_nobody_again()
    {
        var (_, key) = await platform.CreateOperatorAsync("Refusals of operators");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] users = [$"manual.{run}@contoso.com", $"offline.{run}@contoso.com"];
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, users);
        foreach (var (id, _) in mailboxes)
        {
            using var put = await platform.PutCredentialAsync(key, projectId, id, "source", """{ "password": "Operator-Passw0rd" }""");
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            await platform.MailboxWhenAsync(key, projectId, id, m => m.Status("source") == "received", "the operator's password received");
        }
        var manual = mailboxes.Single(m => m.Address == users[0]).Id;
        var offline = mailboxes.Single(m => m.Address == users[1]).Id;

        var refusedId = await PublishAsync(Refusal(projectId, manual, await SourceCredentialIdAsync(manual), SourceAccessReasons.InvalidPassword));
        var unreachableId = await PublishAsync(Refusal(projectId, offline, await SourceCredentialIdAsync(offline), SourceAccessReasons.ServerUnreachable));
        await WaitUntilHandledAsync(ResourceNames.CredentialReceptionDatabase, refusedId);
        await WaitUntilHandledAsync(ResourceNames.CredentialReceptionDatabase, unreachableId);

        var refused = await platform.MailboxWhenAsync(key, projectId, manual, m => m.State() == "failed", "the refused mailbox failing");
        Assert.Equal("invalidPassword", refused["source"]!["reason"]!.GetValue<string>());
        var unreachable = await platform.MailboxWhenAsync(key, projectId, offline, m => m.State() == "failed", "the unreachable mailbox failing");
        Assert.Equal("serverUnreachable", unreachable["source"]!["reason"]!.GetValue<string>());

        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        // Only a refusal marks the credential: an unreachable server says nothing about the password.
        Assert.Equal("invalidPassword", await vault.ScalarAsync($"SELECT refused_reason FROM credentials WHERE mailbox_id = '{manual}'"));
        Assert.Null(await vault.ScalarAsync($"SELECT refused_reason FROM credentials WHERE mailbox_id = '{offline}'"));
        // Nobody invited these end users and the operator entered the passwords: no re-request is even queued for them.
        Assert.Equal(0L, await vault.ScalarAsync(
            $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%EndUserInvitationRequested%' AND payload::text LIKE '%{manual}%'"));
        Assert.Empty(await platform.EmailsToAsync(users));
    }

    private static SourceAccessFailed Refusal(string projectId, string mailboxId, Guid credential, string reason) => new()
    {
        OperatorId = Guid.Empty,
        ProjectId = Guid.Parse(projectId),
        MailboxId = Guid.Parse(mailboxId),
        CorrelationId = Guid.NewGuid(),
        CredentialReference = credential,
        Reason = reason,
        CheckedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Publishes as the source-access service would, with the mailbox's real operator; answers the message id.</summary>
    private async Task<Guid> PublishAsync(SourceAccessFailed refusal)
    {
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        var operatorId = (Guid)(await vault.ScalarAsync($"SELECT operator_id FROM mailboxes WHERE id = '{refusal.MailboxId}'"))!;
        var messageId = NewId.NextGuid();
        await platform.PublishAsync([(messageId, refusal with { OperatorId = operatorId })]);
        return messageId;
    }

    private async Task<Guid> SourceCredentialIdAsync(string mailboxId)
    {
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        return (Guid)(await vault.ScalarAsync($"SELECT id FROM credentials WHERE mailbox_id = '{mailboxId}' AND kind = 'Source'"))!;
    }

    private async Task WaitUntilHandledAsync(string database, Guid messageId)
    {
        await using var db = await platform.OpenDatabaseAsync(database);
        await Eventually.WaitForAsync(() => db.ScalarAsync($"SELECT count(*) FROM inbox_messages WHERE message_id = '{messageId}'"),
            count => (long)count! > 0, $"{database} handling message {messageId}");
    }
}
