using Migration.Contracts;
using Migration.Contracts.Events;

namespace Migration.IntegrationTests;

/// <summary>
/// R8: <c>POST .../mailboxes/{id}/verify</c> checks a mailbox's source again now. It answers 202 and the mailbox shows
/// verifying at once (read-your-writes), with the request in the migrations service's outbox; 404 for what the operator
/// does not own, 409 when there is nothing to check. The tests publish the check results themselves; the source is a
/// <see cref="SilentSource"/>, so that the source-access service's own checks do not answer first.
/// </summary>
public sealed class MailboxVerifyTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_recheck_shows_verifying_at_once_and_is_refused_when_there_is_nothing_to_check_or_it_is_not_yours()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Rechecks");
        var (_, otherKey) = await platform.CreateOperatorAsync("Rechecks of others");
        using var source = new SilentSource();
        var projectId = await platform.CreateProjectAsync(key, source.DataOnlyImapProject);
        var user = $"recheck.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();

        using (var nothing = await platform.VerifyAsync(key, projectId, mailboxId))
        {
            Assert.Contains("No source credential", (await nothing.AssertProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>());
        }
        using (var foreign = await platform.VerifyAsync(otherKey, projectId, mailboxId))
        {
            await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        using (var unknown = await platform.VerifyAsync(key, projectId, Guid.NewGuid().ToString()))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        // Straight after the credential is stored, before its event can have reached the migrations service: the
        // vault is asked, so the operator's next call sees the credential.
        using (var put = await platform.PutCredentialAsync(key, projectId, mailboxId, "source", """{ "password": "Recheck-Passw0rd" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }
        using (var first = await platform.VerifyAsync(key, projectId, mailboxId))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }
        var credential = await platform.SourceCredentialIdAsync(mailboxId);
        await platform.PublishOneAsync(SourceAccessCalls.Verified(operatorId, projectId, mailboxId, credential));
        var ready = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "ready", "the verified mailbox ready");
        Assert.Equal("verified", ready.Status("source"));

        using (var again = await platform.VerifyAsync(key, projectId, mailboxId))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            var answered = await again.ReadJsonAsync();
            Assert.Equal("verifying", answered.State());
        }
        var now = await platform.MailboxAsync(key, projectId, mailboxId);
        Assert.Equal(("verifying", "received"), (now.State(), now.Status("source")));
        await using (var migrations = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase))
        {
            Assert.Equal(2L, await migrations.ScalarAsync(
                $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%SourceVerificationRequested%' AND payload::text LIKE '%{mailboxId}%'"));
        }

        // A refusal after the recheck fails the mailbox with its reason, and a recheck clears the reason at once.
        await platform.PublishOneAsync(SourceAccessCalls.Failed(operatorId, projectId, mailboxId, credential, SourceAccessReasons.AccountLocked));
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "failed" && m["source"]!["reason"]?.GetValue<string>() == "accountLocked",
            "the locked mailbox failing");
        using (var afterFailure = await platform.VerifyAsync(key, projectId, mailboxId))
        {
            Assert.Equal(HttpStatusCode.Accepted, afterFailure.StatusCode);
        }
        var cleared = await platform.MailboxAsync(key, projectId, mailboxId);
        Assert.Equal(("verifying", "received"), (cleared.State(), cleared.Status("source")));
        Assert.Null(cleared["source"]!["reason"]);

        using (var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/complete", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }
        using (var completed = await platform.VerifyAsync(key, projectId, mailboxId))
        {
            Assert.Contains("complete", (await completed.AssertProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_mailbox_of_an_impersonation_project_is_checked_once_the_project_has_its_grant_and_takes_its_result()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Rechecks by impersonation");
        using var source = new SilentSource();
        var projectId = await platform.CreateProjectAsync(key, ProjectJson.With("exchange", "impersonation", migrationType: "dataOnly",
            extraSource: $$""", "ewsUrl": "{{source.EwsUrl}}" """));
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, $"ssi.{Guid.NewGuid().ToString("N")[..8]}@contoso.com")).Single();

        using (var noGrant = await platform.VerifyAsync(key, projectId, mailboxId))
        {
            Assert.Contains("grant", (await noGrant.AssertProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>());
        }
        using (var grant = await platform.PutGrantAsync(key, projectId, """{ "username": "svc-migration@contoso.com", "password": "Admin-Passw0rd" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, grant.StatusCode);
        }
        using (var withGrant = await platform.VerifyAsync(key, projectId, mailboxId))
        {
            Assert.Equal(HttpStatusCode.Accepted, withGrant.StatusCode);
        }

        // The mailbox has no credential of its own: its results name the grant, and a newer grant's result wins.
        var grantId = await platform.GrantIdAsync(projectId);
        await platform.PublishOneAsync(SourceAccessCalls.Failed(operatorId, projectId, mailboxId, grantId, SourceAccessReasons.ImpersonationDenied));
        var denied = await platform.MailboxWhenAsync(key, projectId, mailboxId,
            m => m.State() == "failed" && m["source"]!["reason"]?.GetValue<string>() == "impersonationDenied", "the denied mailbox failing");
        Assert.Equal("impersonationDenied", denied["source"]!["reason"]!.GetValue<string>());
        using (var second = await platform.PutGrantAsync(key, projectId, """{ "username": "svc-migration@contoso.com", "password": "Admin-Passw0rd-2" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }
        var secondGrant = await platform.GrantIdAsync(projectId);
        Assert.NotEqual(grantId, secondGrant);
        await platform.PublishOneAsync(SourceAccessCalls.Verified(operatorId, projectId, mailboxId, secondGrant));
        var ready = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "ready", "the mailbox verified by the new grant");
        Assert.Equal("verified", ready.Status("source"));

        var stale = await platform.PublishOneAsync(SourceAccessCalls.Failed(operatorId, projectId, mailboxId, grantId, SourceAccessReasons.ImpersonationDenied));
        await platform.WaitUntilHandledAsync(ResourceNames.MigrationsDatabase, stale);
        Assert.Equal("ready", (await platform.MailboxAsync(key, projectId, mailboxId)).State());
    }
}
