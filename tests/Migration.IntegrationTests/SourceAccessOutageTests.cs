using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>
/// The source-access service's own dependencies gone for a while: its database (credentials arrive meanwhile) and the
/// vault's (checks cannot read their secrets). Mailboxes wait in verifying, never fail for it, and are all checked, once
/// each, when the dependency is back.
/// </summary>
public sealed class SourceAccessOutageTests(PlatformFixture platform)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(25);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string ImapProject() => $$"""
        { "name": "Outage project", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "imap", "accessMethod": "password", "host": "{{platform.Dovecot.Host}}", "port": {{platform.Dovecot.Port}}, "useTls": false },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "manual" }, "migrationType": "dataOnly" }
        """;

    private async Task<(string Key, string ProjectId, List<(string Login, string Password)> Users, List<(string Id, string Address)> Mailboxes)> ProjectWithUsersAsync(string name, int count)
    {
        var (_, key) = await platform.CreateOperatorAsync(name);
        var projectId = await platform.CreateProjectAsync(key, ImapProject());
        var run = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, count).Select(i => ($"outage{i}.{run}@imap.example.test", $"Outage-{i}-Passw0rd")).ToList();
        await platform.Dovecot.AddUsersAsync(users);
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, [.. users.Select(u => u.Item1)]);
        return (key, projectId, users, [.. mailboxes.Select(m => (m.Id, m.Address))]);
    }

    private static string CredentialsCsv(IEnumerable<(string Login, string Password)> users) =>
        new StringBuilder("sourceAddress,sourcePassword\n").AppendJoin("", users.Select(u => $"{u.Login},{u.Password}\n")).ToString();

    private async Task<List<string>> SourceStatusesAsync(string key, string projectId, IEnumerable<(string Id, string Address)> mailboxes) =>
        [.. await Task.WhenAll(mailboxes.Select(async m => (await platform.MailboxAsync(key, projectId, m.Id)).Status("source")))];

    [Fact]
    public async Task Credentials_that_arrive_while_the_source_access_database_is_gone_are_all_checked_once_it_is_back()
    {
        var (key, projectId, users, mailboxes) = await ProjectWithUsersAsync("Source-access outage", 12);
        var mark = platform.Dovecot.Mark();

        await using (await platform.BlockDatabaseAsync(ResourceNames.SourceAccessDatabase))
        {
            using (var upload = await platform.PostCredentialsCsvAsync(key, projectId, CredentialsCsv(users)))
            {
                Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
            }
            await Task.Delay(Outage, Cancel);
            Assert.All(await SourceStatusesAsync(key, projectId, mailboxes), status => Assert.Equal("received", status));
        }

        foreach (var (id, _) in mailboxes)
        {
            await platform.MailboxWhenAsync(key, projectId, id, m => m.Status("source") == "verified", $"mailbox {id} verified after the outage", seconds: 120);
        }
        Assert.All(users, u => Assert.Equal(1, platform.Dovecot.SuccessfulLogins(u.Login, mark)));
        Assert.DoesNotContain(await platform.ErrorQueueDepthsAsync(), q => q.Key.StartsWith("source-access", StringComparison.Ordinal) && q.Value > 0);
    }

    [Fact]
    public async Task Checks_wait_while_the_vault_cannot_answer_and_finish_when_it_is_back()
    {
        var (key, projectId, users, mailboxes) = await ProjectWithUsersAsync("Vault outage", 6);
        using (var upload = await platform.PostCredentialsCsvAsync(key, projectId, CredentialsCsv(users)))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }
        foreach (var (id, _) in mailboxes)
        {
            await platform.MailboxWhenAsync(key, projectId, id, m => m.Status("source") == "verified", $"mailbox {id} verified");
        }
        var mark = platform.Dovecot.Mark();

        await using (await platform.BlockDatabaseAsync(ResourceNames.CredentialReceptionDatabase))
        {
            foreach (var (id, _) in mailboxes)
            {
                using var verify = await platform.VerifyAsync(key, projectId, id);
                Assert.Equal(HttpStatusCode.Accepted, verify.StatusCode);
            }
            await Task.Delay(Outage, Cancel);
            // No secret could be read, so nothing was tried at the source, and nothing failed for it.
            Assert.All(await SourceStatusesAsync(key, projectId, mailboxes), status => Assert.Equal("received", status));
            Assert.All(users, u => Assert.Equal(0, platform.Dovecot.SuccessfulLogins(u.Login, mark)));
        }

        foreach (var (id, _) in mailboxes)
        {
            await platform.MailboxWhenAsync(key, projectId, id, m => m.Status("source") == "verified", $"mailbox {id} verified again after the outage", seconds: 120);
        }
        Assert.All(users, u => Assert.Equal(1, platform.Dovecot.SuccessfulLogins(u.Login, mark)));
    }
}
