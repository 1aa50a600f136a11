using System.Net.Sockets;
using Migration.Contracts.Events;

namespace Migration.IntegrationTests;

/// <summary>
/// Source access by IMAP password, end to end through the gateway, against the AppHost's real Dovecot: credentials in,
/// the source-access service (two replicas here) checks them, the mailbox shows the outcome.
/// </summary>
public sealed class SourceAccessImapTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string ImapProject(string migrationType = "dataOnly", int maxConcurrency = 8, int? port = null, string credentialMode = "manual") => $$"""
        { "name": "IMAP project", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "imap", "accessMethod": "password", "host": "{{platform.Dovecot.Host}}", "port": {{port ?? platform.Dovecot.Port}},
                      "useTls": false, "maxConcurrency": {{maxConcurrency}} },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "{{credentialMode}}" }, "migrationType": "{{migrationType}}" }
        """;

    private static string User(string what) => $"{what}.{Guid.NewGuid().ToString("N")[..8]}@imap.example.test";

    private static string Reason(System.Text.Json.Nodes.JsonObject mailbox) => mailbox["source"]!["reason"]?.GetValue<string>() ?? "";

    [Fact]
    public async Task A_right_password_is_verified_and_a_wrong_one_is_refused_after_exactly_one_failed_login()
    {
        var (_, key) = await platform.CreateOperatorAsync("IMAP checks");
        var projectId = await platform.CreateProjectAsync(key, ImapProject());
        var (right, wrong) = (User("right"), User("wrong"));
        await platform.Dovecot.AddUsersAsync([(right, "Right-Passw0rd"), (wrong, "Actual-Passw0rd")]);
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, right, wrong);
        var mark = platform.Dovecot.Mark();

        using (var put = await platform.PutCredentialAsync(key, projectId, mailboxes[0].Id, "source", """{ "password": "Right-Passw0rd" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }
        using (var put = await platform.PutCredentialAsync(key, projectId, mailboxes[1].Id, "source", """{ "password": "Mistyped-Passw0rd" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }

        var verified = await platform.MailboxWhenAsync(key, projectId, mailboxes[0].Id, m => m.Status("source") == "verified", "the right password verified");
        Assert.Equal("ready", verified.State());
        var refused = await platform.MailboxWhenAsync(key, projectId, mailboxes[1].Id, m => m.State() == "failed", "the wrong password refused");
        Assert.Equal("invalidPassword", Reason(refused));
        // A refusal is an answer, never retried: several failed logins lock accounts at real sources.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
        Assert.Equal(1, platform.Dovecot.FailedLogins(wrong, mark));
        Assert.Equal(1, platform.Dovecot.SuccessfulLogins(right, mark));
    }

    [Fact]
    public async Task A_disabled_account_is_told_apart_from_a_wrong_password()
    {
        var (_, key) = await platform.CreateOperatorAsync("IMAP disabled");
        var projectId = await platform.CreateProjectAsync(key, ImapProject());
        var user = User("disabled");
        await platform.Dovecot.AddDisabledUserAsync(user, "Right-Passw0rd");
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using var put = await platform.PutCredentialAsync(key, projectId, mailboxId, "source", """{ "password": "Right-Passw0rd" }""");
        var failed = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "failed", "the disabled account refused");
        Assert.Equal("accountDisabled", Reason(failed));
    }

    [Fact]
    public async Task An_unreachable_server_ends_as_serverUnreachable_after_the_bounded_retries_never_stuck_in_verifying()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (_, key) = await platform.CreateOperatorAsync("IMAP unreachable");
        var projectId = await platform.CreateProjectAsync(key, ImapProject(port: closedPort));
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, User("nowhere"))).Single();
        using var put = await platform.PutCredentialAsync(key, projectId, mailboxId, "source", """{ "password": "Any-Passw0rd" }""");
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        var failed = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "failed", "the unreachable server given up on", seconds: 120);
        Assert.Equal("serverUnreachable", Reason(failed));
    }

    [Fact]
    public async Task The_concurrency_cap_holds_at_the_server_with_two_replicas_checking()
    {
        var (_, key) = await platform.CreateOperatorAsync("IMAP politeness");
        var projectId = await platform.CreateProjectAsync(key, ImapProject(maxConcurrency: 3));
        var users = Enumerable.Range(0, 60).Select(i => (Login: User($"cap{i}"), Password: $"Cap-Passw0rd-{i}")).ToList();
        await platform.Dovecot.AddUsersAsync(users);
        await platform.AddMailboxesAsync(key, projectId, [.. users.Select(u => u.Login)]);
        var mark = platform.Dovecot.Mark();
        var csv = "sourceAddress,sourcePassword\n" + string.Concat(users.Select(u => $"{u.Login},{u.Password}\n"));
        using (var upload = await platform.PostCredentialsCsvAsync(key, projectId, csv))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }
        await Eventually.WaitForAsync(async () => (await (await platform.GetAsync($"/v1/projects/{projectId}/readiness", key)).ReadJsonAsync())["ready"]!.GetValue<int>(),
            ready => ready == users.Count, "every mailbox verified", seconds: 180);
        var most = platform.Dovecot.MostSessionsOpenAtOnce(mark);
        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task A_changed_password_is_caught_by_verify_now_and_the_end_user_is_asked_again_with_a_new_link()
    {
        await using var changes = await EventTap<PasswordChangeDetected>.StartAsync(platform);
        var (_, key) = await platform.CreateOperatorAsync("IMAP change");
        var projectId = await platform.CreateProjectAsync(key, ImapProject(credentialMode: "passwordReception"));
        var user = User("changer");
        await platform.Dovecot.AddUserAsync(user, "First-Passw0rd");
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var firstLink = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();
        var token = new Uri(firstLink).Segments[^1];
        using (var submit = await platform.SendAsync(HttpMethod.Post, $"/v1/reception/{token}", null,
                   JsonContent.Create(new { sourcePassword = "First-Passw0rd" })))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "verified", "the first password verified");

        await platform.Dovecot.ChangePasswordAsync(user, "Second-Passw0rd");
        using (var verify = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes/{mailboxId}/verify", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, verify.StatusCode);
        }

        var changed = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => Reason(m) == "passwordChanged", "the change detected");
        Assert.Equal("waitingForUser", changed.State());
        var detected = await changes.WaitForAsync(e => e.MailboxId == Guid.Parse(mailboxId), "the operator told");
        Assert.Equal(Guid.Parse(projectId), detected.ProjectId);
        // Besides the don't-change-your-password notice (no link), the re-request with a link of its own.
        var withLinks = await Eventually.WaitForAsync(async () => (await platform.EmailsToAsync(user)).Where(e => e.Text.Contains("/reception/")).ToList(),
            emails => emails.Count >= 2, "the re-request email");
        var newLink = withLinks.Select(e => e.ReceptionLink()).Single(l => l != firstLink);
        using var readiness = await platform.GetAsync($"/v1/projects/{projectId}/readiness", key);
        Assert.Equal(1, (await readiness.ReadJsonAsync())["failuresByReason"]!["passwordChanged"]!.GetValue<int>());

        // The new link takes the new password, and the mailbox is verified again.
        using (var submit = await platform.SendAsync(HttpMethod.Post, $"/v1/reception/{new Uri(newLink).Segments[^1]}", null,
                   JsonContent.Create(new { sourcePassword = "Second-Passw0rd" })))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "verified", "the new password verified");
    }

    [Fact]
    public async Task The_scheduled_recheck_finds_a_changed_password_by_itself()
    {
        var (_, key) = await platform.CreateOperatorAsync("IMAP schedule");
        var projectId = await platform.CreateProjectAsync(key, ImapProject());
        var user = User("scheduled");
        await platform.Dovecot.AddUserAsync(user, "First-Passw0rd");
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var put = await platform.PutCredentialAsync(key, projectId, mailboxId, "source", """{ "password": "First-Passw0rd" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.Status("source") == "verified", "the password verified");
        await platform.Dovecot.ChangePasswordAsync(user, "Second-Passw0rd");
        // The fixture re-checks every PlatformFixture.RecheckEvery instead of daily.
        var changed = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => Reason(m) == "passwordChanged", "the re-check finding the change", seconds: 120);
        Assert.Equal("waitingForUser", changed.State());
    }
}
