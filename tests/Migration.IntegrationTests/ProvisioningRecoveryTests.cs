using System.Text;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;

namespace Migration.IntegrationTests;

/// <summary>
/// Hands-free projects (EWS impersonation, destination passwords by CSV, accounts created) whose provisioning goes wrong
/// and recovers: cut in the middle by RabbitMQ or by both replicas of the provisioning service stopping and starting
/// again (the destination tenant's write quota is small, so the run is long enough to be cut), or failed for want of a
/// licence and retried by the operator once there are seats. Every mailbox still ends ready and every account exists
/// exactly once with its password.
/// </summary>
[Collection(EwsPeerLoad.Name)]
public sealed class ProvisioningRecoveryTests(PlatformFixture platform)
{
    private const int Mailboxes = 16;
    private const string Sku = "ENTERPRISEPACK";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ResourceNames.RabbitMq, 1)]
    [InlineData(ResourceNames.Provisioning, 2)]
    public async Task A_project_whose_provisioning_is_cut_mid_run_ends_ready_with_every_account_created_once(string stopped, int replicas)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var graph = platform.Peers.GraphProvisioning;
        var (tenantId, domain) = (Guid.NewGuid().ToString(), $"outage-{tag}.test");
        // A write a second, two writes an account: about 30 s of writes to cut into.
        await graph.PutTenantAsync(tenantId, new PeerTenantSpec([domain], [new PeerSku(Sku, Mailboxes)], new PeerTenantQuotas(AppTenantWrites: 2, AppTenantPeriodSeconds: 2,
            // As in ProvisioningTests' restart: writes already on their way from the other replica's workers when a 429 was
            // answered can reach the peer hundreds of milliseconds later on two loaded cores.
            InFlightAllowanceMilliseconds: 1000)));
        string Upn(int i) => $"user{i}@{domain}";
        string Password(int i) => $"Dest-{i}-{tag}-Passw0rd!";
        var (key, projectId) = await HandsFreeProjectAsync(tag, Mailboxes, tenantId, domain, Upn, Password);

        await Eventually.WaitForAsync(() => graph.UsersAsync(tenantId), users => users.Count >= 3, "the first accounts", seconds: 120);
        int createdBeforeRestart;
        if (replicas == 1)
        {
            await platform.StopAsync(stopped, Cancel);
            await Task.Delay(TimeSpan.FromSeconds(5), Cancel);
            createdBeforeRestart = (await graph.UsersAsync(tenantId)).Count;
            await platform.StartAsync(stopped, Cancel);
        }
        else
        {
            await platform.StopReplicasAsync(stopped, replicas, Cancel);
            createdBeforeRestart = (await graph.UsersAsync(tenantId)).Count;
            await platform.StartReplicasAsync(stopped, replicas, Cancel);
        }
        // Started after the broker is back: a test's tap does not outlive a broker restart.
        await using var projectReady = await EventTap<ProjectReady>.StartAsync(platform);

        var readiness = await ReadinessWhenAsync(key, projectId, r => r["ready"]!.GetValue<int>() == Mailboxes || r["failed"]!.GetValue<int>() > 0,
            "every mailbox ready", seconds: 180);
        Assert.Equal((Mailboxes, 0), (readiness["ready"]!.GetValue<int>(), readiness["failed"]!.GetValue<int>()));
        Assert.InRange(createdBeforeRestart, 3, Mailboxes - 1);

        var users = await graph.UsersAsync(tenantId);
        Assert.Equal(Enumerable.Range(0, Mailboxes).Select(Upn).Order(StringComparer.OrdinalIgnoreCase),
            users.Select(u => u.UserPrincipalName).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(users, u => Assert.Equal([Sku], u.Licenses));
        for (var i = 0; i < Mailboxes; i++)
        {
            Assert.True(await graph.PasswordMatchesAsync(tenantId, Upn(i), Password(i)), $"{Upn(i)} has its gathered password");
        }
        var requests = await graph.RequestsAsync(tenantId);
        Assert.Equal(Mailboxes, requests.Count(r => r.Method == "POST" && r.Path.TrimEnd('/').EndsWith("/users", StringComparison.Ordinal) && r.Status == 201));
        if (stopped == ResourceNames.Provisioning)
        {
            // Not asserted around the broker's restart: there, on a loaded machine, writes of the other replica that were
            // already on their way when a 429 was answered reached the peer after its in-flight allowance.
            RetryAfterAssert.NoneEarly(requests);
        }
        var announced = await projectReady.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.FromSeconds(3));
        Assert.Single(announced);
        Assert.Equal(Mailboxes, announced[0].Mailboxes);
    }

    [Fact]
    public async Task Mailboxes_failed_for_want_of_a_licence_are_provisioned_when_the_operator_verifies_them_again_after_buying_seats()
    {
        const int count = 2;
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var graph = platform.Peers.GraphProvisioning;
        var (tenantId, domain) = (Guid.NewGuid().ToString(), $"seats-{tag}.test");
        await graph.PutTenantAsync(tenantId, new PeerTenantSpec([domain], [new PeerSku(Sku, 0)]));
        string Upn(int i) => $"user{i}@{domain}";
        string Password(int i) => $"Dest-{i}-{tag}-Passw0rd!";
        var (key, projectId) = await HandsFreeProjectAsync(tag, count, tenantId, domain, Upn, Password);

        var failed = await ReadinessWhenAsync(key, projectId, r => r["failed"]!.GetValue<int>() == count, "both mailboxes failed");
        Assert.Equal(count, failed["failuresByReason"]!["licenseUnavailable"]!.GetValue<int>());
        await graph.PutTenantAsync(tenantId, new PeerTenantSpec([domain], [new PeerSku(Sku, count)]));
        using (var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?page=1&pageSize=10", key))
        {
            foreach (var mailbox in (await list.ReadJsonAsync())["items"]!.AsArray())
            {
                using var verify = await platform.VerifyAsync(key, projectId, mailbox!["id"]!.GetValue<string>());
                Assert.Equal(HttpStatusCode.Accepted, verify.StatusCode);
            }
        }

        var ready = await ReadinessWhenAsync(key, projectId, r => r["ready"]!.GetValue<int>() == count, "both mailboxes ready");
        Assert.Equal(0, ready["failed"]!.GetValue<int>());
        var users = await graph.UsersAsync(tenantId);
        Assert.Equal(count, users.Count);
        Assert.All(users, u => Assert.Equal([Sku], u.Licenses));
        for (var i = 0; i < count; i++)
        {
            Assert.True(await graph.PasswordMatchesAsync(tenantId, Upn(i), Password(i)), $"{Upn(i)} has its gathered password");
        }
        // The accounts made before the licence was refused are kept: the retry only assigns the licence.
        var requests = await graph.RequestsAsync(tenantId);
        Assert.Equal(count, requests.Count(r => r.Method == "POST" && r.Path.TrimEnd('/').EndsWith("/users", StringComparison.Ordinal) && r.Status == 201));
    }

    /// <summary>The project's readiness once <paramref name="done"/>, or a failure that shows the provisioning jobs and what the services warned of.</summary>
    private async Task<JsonObject> ReadinessWhenAsync(string key, string projectId, Func<JsonObject, bool> done, string what, int seconds = 120)
    {
        try
        {
            return await Eventually.WaitForAsync(async () => await (await platform.GetAsync($"/v1/projects/{projectId}/readiness", key)).ReadJsonAsync(), done, what, seconds);
        }
        catch (TimeoutException timeout)
        {
            var report = new StringBuilder(timeout.Message).AppendLine().AppendLine("Warnings and errors:");
            foreach (var line in platform.Logs.Lines.Where(l => l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal)
                         || l.Contains("crit:", StringComparison.Ordinal)).TakeLast(40))
            {
                report.AppendLine(line.Length > 400 ? line[..400] : line);
            }
            await using var db = await platform.OpenDatabaseAsync(ResourceNames.ProvisioningDatabase);
            report.AppendLine($"Jobs: {await db.ScalarAsync($"SELECT json_agg(j)::text FROM (SELECT status, reason, attempts, due_at, claimed_until, user_id FROM provisioning_jobs WHERE project_id = '{projectId}') j")}");
            foreach (var database in new[] { ResourceNames.MigrationsDatabase, ResourceNames.CredentialReceptionDatabase, ResourceNames.SourceAccessDatabase,
                         ResourceNames.ProvisioningDatabase, ResourceNames.NotificationDatabase })
            {
                await using var service = await platform.OpenDatabaseAsync(database);
                report.AppendLine($"{database} outbox unsent/parked: {await service.ScalarAsync("SELECT count(*) FILTER (WHERE sent_at IS NULL AND parked_at IS NULL) || '/' || count(*) FILTER (WHERE parked_at IS NOT NULL) FROM outbox_messages")}");
            }
            throw new TimeoutException(report.ToString());
        }
    }

    /// <summary>An operator's EWS-impersonation project with createAccounts, its mailboxes and destination passwords entered.</summary>
    private async Task<(string Key, string ProjectId)> HandsFreeProjectAsync(string tag, int count, string tenantId, string domain, Func<int, string> upn, Func<int, string> password)
    {
        using var ews = platform.Peers.Ews;
        var admin = $"svc.{tag}@exchange.example.test";
        var sources = Enumerable.Range(0, count).Select(i => $"user{i}.{tag}@exchange.example.test").ToArray();
        await ews.AddAccountAsync(admin, "Admin-Passw0rd", hasMailbox: false);
        foreach (var source in sources)
        {
            await ews.AddAccountAsync(source, "Unused-1");
        }
        await ews.GrantImpersonationAsync(admin, sources);
        var (_, key) = await platform.CreateOperatorAsync("Provisioning outage");
        var projectId = await platform.CreateProjectAsync(key, $$"""
            { "name": "Outage", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "exchange", "accessMethod": "impersonation", "ewsUrl": "{{platform.Peers.EwsUrl}}" },
              "destination": { "tenantDomain": "{{domain}}", "tenantId": "{{tenantId}}", "createAccounts": true, "credentialMode": "manual",
                               "licenseSku": "{{Sku}}" },
              "migrationType": "full" }
            """);
        var mailboxCsv = new StringBuilder("sourceAddress,destinationUpn,displayName\n")
            .AppendJoin("", sources.Select((s, i) => $"{s},{upn(i)},User {i}\n")).ToString();
        using (var added = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, new StringContent(mailboxCsv, Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(count, (await added.ReadJsonAsync())["added"]!.GetValue<int>());
        }
        using (var grant = await platform.PutGrantAsync(key, projectId, $$"""{ "username": "{{admin}}", "password": "Admin-Passw0rd", "testMailbox": "{{sources[0]}}" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, grant.StatusCode);
        }
        var credentialCsv = new StringBuilder("sourceAddress,destinationPassword\n").AppendJoin("", sources.Select((s, i) => $"{s},{password(i)}\n")).ToString();
        using (var upload = await platform.PostCredentialsCsvAsync(key, projectId, credentialCsv))
        {
            Assert.Equal(count, (await upload.ReadJsonAsync())["accepted"]!.GetValue<int>());
        }
        return (key, projectId);
    }
}
