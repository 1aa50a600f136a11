using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>
/// R8: a source password that worked and is refused now (<c>passwordChanged</c>) sends the mailbox back to waiting for its
/// user, counts in readiness, marks the old credential refused, and emails the end user a new link that takes the new one.
/// Against the real Dovecot: the password is changed there, and the source-access service's scheduled recheck finds it.
/// </summary>
public sealed class PasswordChangeTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_changed_password_waits_for_its_user_counts_in_readiness_and_is_asked_for_again_with_a_new_link()
    {
        var (_, key) = await platform.CreateOperatorAsync("Password changes");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyDovecotProject(platform));
        var user = $"changed.{Guid.NewGuid().ToString("N")[..8]}@imap.example.test";
        await platform.Dovecot.AddUserAsync(user, "Worked-Once-Passw0rd");
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var link = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();
        var token = link[(link.LastIndexOf('/') + 1)..];
        using (var submitted = await SubmitAsync(token, "Worked-Once-Passw0rd"))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "ready", "the verified mailbox ready");
        var credential = await platform.SourceCredentialIdAsync(mailboxId);
        await Eventually.WaitForAsync(() => ViewAsync(token), view => view["source"]!["status"]!.GetValue<string>() == "verified",
            "the reception page showing the password verified");

        await platform.Dovecot.ChangePasswordAsync(user, "Changed-Passw0rd");
        // The fixture rechecks every PlatformFixture.RecheckEvery instead of daily.
        var waiting = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "waitingForUser",
            "the recheck sending the mailbox back to its user", seconds: 120);
        Assert.Equal("pending", waiting.Status("source"));
        Assert.Equal("passwordChanged", waiting["source"]!["reason"]!.GetValue<string>());
        using (var readiness = await platform.GetAsync($"/v1/projects/{projectId}/readiness", key))
        {
            var report = await readiness.ReadJsonAsync();
            Assert.Equal(1, report["waitingForUser"]!.GetValue<int>());
            Assert.Equal(0, report["failed"]!.GetValue<int>());
            Assert.Equal(1, report["failuresByReason"]!["passwordChanged"]!.GetValue<int>());
        }

        var reRequest = (await Eventually.WaitForAsync(() => platform.EmailsToAsync(user),
            emails => emails.Any(e => e.Subject.Contains("did not work")), "the re-request email", seconds: 60)).Single(e => e.Subject.Contains("did not work"));
        var newLink = reRequest.ReceptionLink();
        Assert.NotEqual(link, newLink);
        Assert.DoesNotContain("Worked-Once-Passw0rd", reRequest.Raw);
        await using (var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase))
        {
            Assert.Equal("passwordChanged", await vault.ScalarAsync($"SELECT refused_reason FROM credentials WHERE id = '{credential}'"));
        }
        var newToken = newLink[(newLink.LastIndexOf('/') + 1)..];
        var view = await ViewAsync(newToken);
        Assert.True(view["needs"]!["sourcePassword"]!.GetValue<bool>());
        Assert.Equal("failed", view["source"]!["status"]!.GetValue<string>());
        Assert.Equal("passwordChanged", view["source"]!["reason"]!.GetValue<string>());

        using (var again = await SubmitAsync(newToken, "Changed-Passw0rd"))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }
        // The new password is received and verified at the server: the mailbox is ready again, on a new credential.
        var ready = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "ready", "the new password verified");
        Assert.Null(ready["source"]!["reason"]);
        Assert.NotEqual(credential, await platform.SourceCredentialIdAsync(mailboxId));
    }

    private Task<HttpResponseMessage> SubmitAsync(string token, string password) =>
        platform.Gateway.PostAsync($"/v1/reception/{token}",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(new { sourcePassword = password }), Encoding.UTF8, "application/json"), Cancel);

    private async Task<JsonObject> ViewAsync(string token)
    {
        using var response = await platform.Gateway.GetAsync($"/v1/reception/{token}", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
