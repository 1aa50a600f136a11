using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;
using Migration.Provisioning.Data;
using Migration.Provisioning.Quotas;

namespace Migration.IntegrationTests;

/// <summary>
/// The provisioning service (two replicas here) against the Graph and Entra peers: ProvisioningRequested published on the
/// real broker as the migrations service publishes it, each with a destination password really in the vault; the
/// accounts, licences, passwords and every request checked at the Graph peer. Each test has its own destination tenant.
/// </summary>
public sealed class ProvisioningTests(PlatformFixture platform)
{
    private const string E3 = "ENTERPRISEPACK";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly GraphProvisioningPeerClient _graph = platform.Peers.GraphProvisioning;

    private sealed record Tenant(string Id, string Domain)
    {
        public string Upn(string alias) => $"{alias}@{Domain}";
    }

    /// <summary>A mailbox of the test's project, its destination password in the vault under <see cref="Reference"/>.</summary>
    private sealed record VaultMailbox(Guid MailboxId, Guid Reference, string Password);

    private sealed record Project(Guid OperatorId, Guid ProjectId, IReadOnlyList<VaultMailbox> Mailboxes);

    private async Task<Tenant> TenantAsync(int seats = 1000, PeerTenantQuotas? quotas = null)
    {
        var tenant = new Tenant(Guid.NewGuid().ToString(), $"prov-{Guid.NewGuid():N}.test");
        await _graph.PutTenantAsync(tenant.Id, new PeerTenantSpec([tenant.Domain], [new PeerSku(E3, seats)], quotas));
        return tenant;
    }

    /// <summary>An operator's project whose mailboxes have these destination passwords in the vault, entered by CSV.</summary>
    private async Task<Project> VaultAsync(params string[] passwords)
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Provisioning");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var run = Guid.NewGuid().ToString("N")[..8];
        var addresses = passwords.Select((_, i) => $"user{i}.{run}@contoso.com").ToArray();
        await using var submitted = await EventTap<CredentialSubmitted>.StartAsync(platform);
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, addresses);
        var csv = new StringBuilder("sourceAddress,destinationPassword\n");
        for (var i = 0; i < addresses.Length; i++)
        {
            csv.Append($"{addresses[i]},{passwords[i]}\n");
        }
        using (var posted = await platform.PostCredentialsCsvAsync(key, projectId, csv.ToString()))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }
        var result = new List<VaultMailbox>();
        for (var i = 0; i < addresses.Length; i++)
        {
            var mailboxId = Guid.Parse(mailboxes.Single(m => m.Address == addresses[i]).Id);
            var credential = await SeenAsync(submitted, c => c.MailboxId == mailboxId && c.Kind == CredentialKind.Destination, $"the destination password of {addresses[i]}");
            result.Add(new VaultMailbox(mailboxId, credential.CredentialReference, passwords[i]));
        }
        return new Project(Guid.Parse(operatorId), Guid.Parse(projectId), result);
    }

    private static ProvisioningRequested Request(Project project, VaultMailbox mailbox, Tenant tenant, string upn,
        ProvisioningAction action = ProvisioningAction.CreateAccount, string? sku = E3) => new()
    {
        OperatorId = project.OperatorId, ProjectId = project.ProjectId, MailboxId = mailbox.MailboxId, CorrelationId = Guid.NewGuid(),
        Action = action, Tenant = tenant.Id, DestinationUpn = upn, DisplayName = $"User {upn.Split('@')[0]}", FirstName = "User",
        LastName = upn.Split('@')[0], UsageLocation = "GB", LicenseSku = sku, DestinationCredentialReference = mailbox.Reference,
        RequestedAt = DateTimeOffset.UtcNow,
    };

    private Task PublishAsync(IEnumerable<ProvisioningRequested> requests) =>
        platform.PublishAsync(requests.Select(r => (Guid.NewGuid(), r)));

    /// <summary>The event, or a failure that shows what the provisioning service logged and what its jobs say.</summary>
    private async Task<T> SeenAsync<T>(EventTap<T> tap, Func<T, bool> match, string what, int seconds = 60) where T : class
    {
        try
        {
            return await tap.WaitForAsync(match, what, seconds);
        }
        catch (TimeoutException timeout)
        {
            var report = new StringBuilder(timeout.Message).AppendLine().AppendLine("Provisioning warnings and errors:");
            foreach (var line in platform.Logs.Lines.Where(l => l.Contains(".provisioning", StringComparison.Ordinal)
                         && (l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal))).TakeLast(30))
            {
                report.AppendLine(line.Length > 600 ? line[..600] : line);
            }
            await using var db = await platform.OpenDatabaseAsync(ResourceNames.ProvisioningDatabase);
            report.AppendLine($"Jobs: {await db.ScalarAsync("SELECT json_agg(j)::text FROM (SELECT mailbox_id, status, reason, attempts, due_at, claimed_until, user_id FROM provisioning_jobs ORDER BY requested_at DESC LIMIT 10) j")}");
            throw new TimeoutException(report.ToString());
        }
    }

    private static string StrongPassword() => $"Pw-{Guid.NewGuid():N}"[..20] + "A1!";

    private Task<IReadOnlyList<PeerDirectoryUser>> UsersWhenAsync(Tenant tenant, int count, string what, int seconds = 90) =>
        Eventually.WaitForAsync(() => _graph.UsersAsync(tenant.Id), users => users.Count >= count, what, seconds);

    [Fact]
    public async Task Accounts_are_created_once_each_with_the_vaults_password_and_the_licence_an_existing_upn_is_adopted_and_redelivery_changes_nothing()
    {
        var tenant = await TenantAsync();
        var project = await VaultAsync([.. Enumerable.Range(0, 6).Select(_ => StrongPassword())]);
        var existing = await _graph.AddUserAsync(tenant.Id, new PeerExistingUser(tenant.Upn("user0"), "Old-Passw0rd!", "Existing user"));
        await using var provisioned = await EventTap<DestinationAccountProvisioned>.StartAsync(platform);
        var requests = project.Mailboxes.Select((m, i) => Request(project, m, tenant, tenant.Upn($"user{i}"))).ToList();

        await PublishAsync(requests);

        var events = new List<DestinationAccountProvisioned>();
        foreach (var mailbox in project.Mailboxes)
        {
            events.Add(await SeenAsync(provisioned, e => e.MailboxId == mailbox.MailboxId, $"mailbox {mailbox.MailboxId} provisioned", 90));
        }
        var users = await _graph.UsersAsync(tenant.Id);
        Assert.Equal(6, users.Count);
        Assert.Equal(6, users.Select(u => u.UserPrincipalName.ToLowerInvariant()).Distinct().Count());
        for (var i = 0; i < 6; i++)
        {
            var user = users.Single(u => u.UserPrincipalName.Equals(tenant.Upn($"user{i}"), StringComparison.OrdinalIgnoreCase));
            Assert.True(await _graph.PasswordMatchesAsync(tenant.Id, user.Id, project.Mailboxes[i].Password), $"user{i} has the vault's password");
            Assert.Equal([E3], user.Licenses);
            Assert.False(user.ForceChangePasswordNextSignIn);
            Assert.Equal("GB", user.UsageLocation);
            var told = events.Single(e => e.MailboxId == project.Mailboxes[i].MailboxId);
            Assert.Equal((user.Id, i == 0, E3, project.Mailboxes[i].Reference), (told.UserId, told.Adopted, told.LicenseSku, told.DestinationCredentialReference));
        }
        Assert.Equal(existing.Id, users.Single(u => u.UserPrincipalName.StartsWith("user0@", StringComparison.OrdinalIgnoreCase)).Id);
        Assert.Equal("User user1", users.Single(u => u.UserPrincipalName.StartsWith("user1@", StringComparison.OrdinalIgnoreCase)).DisplayName);
        var writes = (await _graph.RequestsAsync(tenant.Id)).Where(r => r.Write).ToList();
        Assert.Equal(5, writes.Count(r => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal) && r.Status == 201));
        Assert.Equal(6, writes.Count(r => r.Path.Contains("assignLicense", StringComparison.Ordinal) && r.Status == 200));
        Assert.Single(writes, r => r.Method == "PATCH");

        // The same requests again, as a redelivery or a second publication: nothing more is written.
        await PublishAsync(requests);
        await Task.Delay(TimeSpan.FromSeconds(4), Cancel);
        Assert.Equal(writes.Count, (await _graph.RequestsAsync(tenant.Id)).Count(r => r.Write));
    }

    [Fact]
    public async Task Graphs_refusals_become_the_reasons_of_ProvisioningFailed_and_an_existing_account_gets_its_password_set()
    {
        var tenant = await TenantAsync(seats: 1);
        var project = await VaultAsync(StrongPassword(), StrongPassword(), "weakpassword", StrongPassword(), StrongPassword(), StrongPassword());
        await _graph.AddUserAsync(tenant.Id, new PeerExistingUser(tenant.Upn("existing"), "Old-Passw0rd!", "Existing user", "US"));
        await using var failed = await EventTap<ProvisioningFailed>.StartAsync(platform);
        await using var provisioned = await EventTap<DestinationAccountProvisioned>.StartAsync(platform);
        await using var passwordSet = await EventTap<DestinationPasswordSet>.StartAsync(platform);
        var m = project.Mailboxes;

        await PublishAsync(
        [
            // Two accounts and one seat: one of them is left without its licence.
            Request(project, m[0], tenant, tenant.Upn("seat-a")),
            Request(project, m[1], tenant, tenant.Upn("seat-b")),
            Request(project, m[2], tenant, tenant.Upn("weak")),
            Request(project, m[3], tenant, tenant.Upn("nobody"), ProvisioningAction.SetPassword, sku: null),
            Request(project, m[4], tenant, tenant.Upn("existing"), ProvisioningAction.SetPassword, sku: null),
            Request(project, m[5], tenant, tenant.Upn("unknown-sku"), sku: "NOSUCHSKU"),
        ]);

        Assert.Equal(ProvisioningReasons.PasswordRejected, (await SeenAsync(failed, e => e.MailboxId == m[2].MailboxId, "the weak password refused")).Reason);
        Assert.Equal(ProvisioningReasons.MailboxNotFound, (await SeenAsync(failed, e => e.MailboxId == m[3].MailboxId, "no user to set a password on")).Reason);
        Assert.Equal(ProvisioningReasons.LicenseUnavailable, (await SeenAsync(failed, e => e.MailboxId == m[5].MailboxId, "an unknown SKU")).Reason);
        var set = await SeenAsync(passwordSet, e => e.MailboxId == m[4].MailboxId, "the existing account's password set");
        Assert.True(await _graph.PasswordMatchesAsync(tenant.Id, set.UserId, m[4].Password));
        var seatTaken = await SeenAsync(provisioned, e => e.MailboxId == m[0].MailboxId || e.MailboxId == m[1].MailboxId, "one account with the seat");
        var withoutSeat = seatTaken.MailboxId == m[0].MailboxId ? m[1] : m[0];
        Assert.Equal(ProvisioningReasons.LicenseUnavailable, (await SeenAsync(failed, e => e.MailboxId == withoutSeat.MailboxId, "no free seat")).Reason);

        var users = await _graph.UsersAsync(tenant.Id);
        Assert.DoesNotContain(users, u => u.UserPrincipalName.StartsWith("weak@", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(users, u => u.UserPrincipalName.StartsWith("nobody@", StringComparison.OrdinalIgnoreCase));
        Assert.Single(users, u => u.Licenses.Contains(E3));
    }

    [Fact]
    public async Task At_a_small_quota_the_peers_429s_are_honoured_for_every_replica_and_provisioning_finishes()
    {
        // 6 writes per 3 s at the peer, against the service's documented 3,000 per 150 s: the peer's 429s must do the pacing.
        var tenant = await TenantAsync(quotas: new PeerTenantQuotas(AppTenantWrites: 6, AppTenantPeriodSeconds: 3));
        var project = await VaultAsync([.. Enumerable.Range(0, 12).Select(_ => StrongPassword())]);
        await using var provisioned = await EventTap<DestinationAccountProvisioned>.StartAsync(platform);

        await PublishAsync(project.Mailboxes.Select((m, i) => Request(project, m, tenant, tenant.Upn($"user{i}"))));

        foreach (var mailbox in project.Mailboxes)
        {
            await SeenAsync(provisioned, e => e.MailboxId == mailbox.MailboxId, $"mailbox {mailbox.MailboxId} provisioned", 120);
        }
        var requests = await _graph.RequestsAsync(tenant.Id);
        Assert.Contains(requests, r => r.Status == 429);
        Assert.All(requests.Where(r => r.Status == 429), r => Assert.NotNull(r.RetryAfterSeconds));
        RetryAfterAssert.NoneEarly(requests);
        var users = await _graph.UsersAsync(tenant.Id);
        Assert.Equal(12, users.Count);
        Assert.All(users, u => Assert.Equal([E3], u.Licenses));
        Assert.Equal(12, requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal) && r.Status == 201));
    }

    [Fact]
    public async Task Stopping_the_service_mid_run_and_starting_it_again_provisions_every_account_exactly_once()
    {
        // 32 workers of two replicas write at once on two cores: a write that passed its checks just before the other
        // replica recorded a 429 was seen to reach the peer 300 ms after that 429 was answered. Such writes were on their way;
        // one sent later than a second after a 429 was not.
        var tenant = await TenantAsync(quotas: new PeerTenantQuotas(AppTenantWrites: 8, AppTenantPeriodSeconds: 4, InFlightAllowanceMilliseconds: 1000));
        var project = await VaultAsync([.. Enumerable.Range(0, 20).Select(_ => StrongPassword())]);
        await using var provisioned = await EventTap<DestinationAccountProvisioned>.StartAsync(platform);

        await PublishAsync(project.Mailboxes.Select((m, i) => Request(project, m, tenant, tenant.Upn($"user{i}"))));
        await UsersWhenAsync(tenant, 3, "the first accounts");
        await platform.StopReplicasAsync(ResourceNames.Provisioning, 2, Cancel);
        var createdWhileStopped = (await _graph.UsersAsync(tenant.Id)).Count;
        await platform.StartReplicasAsync(ResourceNames.Provisioning, 2, Cancel);

        foreach (var mailbox in project.Mailboxes)
        {
            await SeenAsync(provisioned, e => e.MailboxId == mailbox.MailboxId, $"mailbox {mailbox.MailboxId} provisioned", 120);
        }
        Assert.InRange(createdWhileStopped, 3, 19);
        var users = await _graph.UsersAsync(tenant.Id);
        Assert.Equal(20, users.Count);
        Assert.Equal(20, users.Select(u => u.UserPrincipalName.ToLowerInvariant()).Distinct().Count());
        for (var i = 0; i < 20; i++)
        {
            var user = users.Single(u => u.UserPrincipalName.Equals(tenant.Upn($"user{i}"), StringComparison.OrdinalIgnoreCase));
            Assert.True(await _graph.PasswordMatchesAsync(tenant.Id, user.Id, project.Mailboxes[i].Password), $"user{i} has the vault's password");
            Assert.Equal([E3], user.Licenses);
        }
        var requests = await _graph.RequestsAsync(tenant.Id);
        Assert.Equal(20, requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal) && r.Status == 201));
        RetryAfterAssert.NoneEarly(requests);
    }

    [Fact]
    public async Task A_canary_password_appears_in_no_log_line_event_or_column_of_the_provisioning_service()
    {
        var strongCanary = $"Canary-{Guid.NewGuid():N}-A1!";
        var weakCanary = $"canary{Guid.NewGuid():N}";
        var tenant = await TenantAsync();
        var project = await VaultAsync(strongCanary, weakCanary);
        var logLinesBefore = platform.Logs.Count;
        await using var provisioned = await EventTap<DestinationAccountProvisioned>.StartAsync(platform);
        await using var failed = await EventTap<ProvisioningFailed>.StartAsync(platform);

        await PublishAsync([Request(project, project.Mailboxes[0], tenant, tenant.Upn("strong")), Request(project, project.Mailboxes[1], tenant, tenant.Upn("weak"))]);

        var created = await SeenAsync(provisioned, e => e.MailboxId == project.Mailboxes[0].MailboxId, "the strong canary's account");
        var refused = await SeenAsync(failed, e => e.MailboxId == project.Mailboxes[1].MailboxId, "the weak canary refused");
        Assert.Equal(ProvisioningReasons.PasswordRejected, refused.Reason);
        Assert.True(await _graph.PasswordMatchesAsync(tenant.Id, created.UserId, strongCanary));
        var events = System.Text.Json.JsonSerializer.Serialize(new object[] { created, refused });
        var logLines = platform.Logs.Lines.Skip(logLinesBefore).ToList();
        Assert.Contains(logLines, line => line.Contains("provisioning", StringComparison.OrdinalIgnoreCase));
        await using var db = await platform.OpenDatabaseAsync(ResourceNames.ProvisioningDatabase);
        foreach (var canary in new[] { strongCanary, weakCanary })
        {
            Assert.DoesNotContain(canary, events, StringComparison.Ordinal);
            Assert.DoesNotContain(logLines, line => line.Contains(canary, StringComparison.Ordinal));
            foreach (var table in new[] { "provisioning_jobs", "outbox_messages", "write_buckets", "inbox_messages" })
            {
                Assert.Equal(0L, await db.ScalarAsync($"SELECT count(*) FROM {table} t WHERE row_to_json(t)::text LIKE '%{canary}%'"));
            }
        }
    }

    [Fact]
    public async Task A_write_token_is_taken_from_all_three_buckets_at_once_across_connections_and_a_429_blocks_its_scope()
    {
        var options = Options.Create(new QuotaOptions
        {
            AppTenant = new QuotaLimit { Limit = 5, Window = TimeSpan.FromSeconds(50) },
            Tenant = new QuotaLimit { Limit = 100, Window = TimeSpan.FromSeconds(10) },
            App = new QuotaLimit { Limit = 100, Window = TimeSpan.FromSeconds(10) },
        });
        var scopes = QuotaScopes.For($"app-{Guid.NewGuid():N}", $"tenant-{Guid.NewGuid():N}");
        var connection = await platform.ConnectionStringAsync(ResourceNames.ProvisioningDatabase);
        async Task<QuotaAnswer> TakeAsync()
        {
            await using var db = new ProvisioningDbContext(new DbContextOptionsBuilder<ProvisioningDbContext>().UseNpgsql(connection).Options);
            return await new WriteQuotas(db, options).TryTakeAsync(scopes, TimeSpan.FromSeconds(2), Cancel);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(TakeAsync, Cancel)));

        Assert.Equal(5, answers.Count(a => a.Granted));
        // The pair's bucket refills one token per 10 s, further away than the 2 s a worker may wait: the others are refused,
        // told to come back in about 10 s, and reserve nothing.
        Assert.All(answers.Where(a => !a.Granted), a => Assert.InRange(a.WaitSeconds, 9, 10.01));
        await using (var db = new ProvisioningDbContext(new DbContextOptionsBuilder<ProvisioningDbContext>().UseNpgsql(connection).Options))
        {
            // Five tokens taken from the tenant's bucket too, which refills 10 per second meanwhile.
            Assert.InRange(await db.WriteBuckets.Where(b => b.Scope == scopes.Tenant).Select(b => b.Tokens).SingleAsync(Cancel), 95, 99);
            await new WriteQuotas(db, options).BlockAsync(scopes.Tenant, DateTimeOffset.UtcNow.AddSeconds(30), Cancel);
        }
        var blocked = await TakeAsync();
        Assert.False(blocked.Granted);
        Assert.InRange(blocked.WaitSeconds, 28, 30.01);
    }
}
