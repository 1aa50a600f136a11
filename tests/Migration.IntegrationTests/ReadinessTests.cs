using Aspire.Hosting.Testing;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;

namespace Migration.IntegrationTests;

/// <summary>
/// Issue 11's readiness, end to end: mailboxes reach <c>ready</c> from real source checks (the AppHost's Dovecot), the
/// migrations service asks for provisioning, and the provisioning results are published onto the real RabbitMQ from the
/// test, the way the provisioning service does; what the platform announces is read from the events' exchanges.
/// </summary>
public sealed class ReadinessTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(4);

    private string ImapProject(string destination, string migrationType = "full") => $$"""
        { "name": "Readiness project", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "imap", "accessMethod": "password", "host": "{{platform.Dovecot.Host}}", "port": {{platform.Dovecot.Port}}, "useTls": false },
          "destination": {{destination}}, "migrationType": "{{migrationType}}",
          "passwordPolicy": { "maxAgeDays": 90 }, "cutoverDate": "2027-01-15" }
        """;

    private static string User(string what) => $"{what}.{Guid.NewGuid().ToString("N")[..8]}@imap.example.test";

    private async Task<JsonObject> ReadinessAsync(string key, string projectId)
    {
        using var response = await platform.GetAsync($"/v1/projects/{projectId}/readiness", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private Task<JsonObject> ReadinessWhenAsync(string key, string projectId, Func<JsonObject, bool> done, string what) =>
        Eventually.WaitForAsync(() => ReadinessAsync(key, projectId), done, what, seconds: 60);

    private async Task<Guid> DestinationCredentialIdAsync(string mailboxId)
    {
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        return (Guid)(await vault.ScalarAsync(
            $"SELECT id FROM credentials WHERE mailbox_id = '{mailboxId}' AND kind = 'Destination' ORDER BY stored_at DESC LIMIT 1"))!;
    }

    /// <summary>
    /// A destination tenant at the Graph peer that takes one write a day: the provisioning service, which hears the same
    /// ProvisioningRequested, is throttled there before it can finish, so these tests play its part and publish its results.
    /// </summary>
    private async Task<string> HeldTenantAsync()
    {
        var tenantId = Guid.NewGuid().ToString();
        using var peer = platform.Peers.GraphProvisioning;
        await peer.PutTenantAsync(tenantId, new PeerTenantSpec(Quotas: new PeerTenantQuotas(AppTenantWrites: 1, AppTenantPeriodSeconds: 86_400)));
        return tenantId;
    }

    private static DestinationAccountProvisioned Provisioned(ProvisioningRequested request, Guid? reference = null) => new()
    {
        OperatorId = request.OperatorId,
        ProjectId = request.ProjectId,
        MailboxId = request.MailboxId,
        CorrelationId = request.CorrelationId,
        UserId = Guid.NewGuid().ToString(),
        Adopted = false,
        LicenseSku = request.LicenseSku,
        DestinationCredentialReference = reference ?? request.DestinationCredentialReference,
        ProvisionedAt = DateTimeOffset.UtcNow,
    };

    private static ProvisioningFailed ProvisioningFailure(ProvisioningRequested request, string reason, Guid? reference = null) => new()
    {
        OperatorId = request.OperatorId,
        ProjectId = request.ProjectId,
        MailboxId = request.MailboxId,
        CorrelationId = request.CorrelationId,
        Reason = reason,
        DestinationCredentialReference = reference ?? request.DestinationCredentialReference,
        FailedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task The_destination_fields_are_validated_stored_and_answered()
    {
        var (_, key) = await platform.CreateOperatorAsync("Readiness fields");
        using (var created = await platform.PostJsonAsync("/v1/projects", key, ImapProject(
                   """{ "tenantDomain": "contoso.onmicrosoft.com", "createAccounts": true, "credentialMode": "manual", "licenseSku": "enterprisepack", "usageLocation": "de" }""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var project = await created.ReadJsonAsync();
            var destination = project["destination"]!;
            Assert.Equal("ENTERPRISEPACK", destination["licenseSku"]!.GetValue<string>());
            Assert.Equal("DE", destination["usageLocation"]!.GetValue<string>());
            var read = await platform.ProjectAsync(key, project["id"]!.GetValue<string>());
            Assert.Equal("ENTERPRISEPACK", read["destination"]!["licenseSku"]!.GetValue<string>());
        }
        using (var defaults = await platform.PostJsonAsync("/v1/projects", key, ImapProject("""{ "tenantDomain": "contoso.onmicrosoft.com" }""")))
        {
            var destination = (await defaults.ReadJsonAsync())["destination"]!;
            Assert.Null(destination["licenseSku"]);
            Assert.Equal("US", destination["usageLocation"]!.GetValue<string>());
        }
        using (var bad = await platform.PostJsonAsync("/v1/projects", key, ImapProject(
                   """{ "tenantDomain": "contoso.onmicrosoft.com", "licenseSku": "E3; DROP TABLE", "usageLocation": "USA" }""")))
        {
            var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["destination.licenseSku"]);
            Assert.NotNull(problem["errors"]!["destination.usageLocation"]);
        }
        using (var wrongType = await platform.PostJsonAsync("/v1/projects", key, ImapProject(
                   """{ "tenantDomain": "contoso.onmicrosoft.com", "usageLocation": 42 }""")))
        {
            await wrongType.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        var document = (await platform.Gateway.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Cancel))!.ToJsonString();
        Assert.Contains("\"licenseSku\"", document);
        Assert.Contains("\"usageLocation\"", document);
    }

    [Fact]
    public async Task A_project_needing_no_provisioning_becomes_ready_and_each_mailbox_and_the_project_are_announced_once()
    {
        await using var readyTap = await EventTap<MailboxReady>.StartAsync(platform);
        await using var projectTap = await EventTap<ProjectReady>.StartAsync(platform);
        await using var provisioningTap = await EventTap<ProvisioningRequested>.StartAsync(platform);
        var (operatorId, key) = await platform.CreateOperatorAsync("Readiness without provisioning");
        var projectId = await platform.CreateProjectAsync(key, ImapProject("""{ "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "manual" }"""));
        string[] users = [User("ready-a"), User("ready-b")];
        await platform.Dovecot.AddUsersAsync(users.Select(u => (u, "Right-Passw0rd")));
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, users);
        using (var upload = await platform.PostCredentialsCsvAsync(key, projectId,
                   "sourceAddress,sourcePassword\n" + string.Join("\n", users.Select(u => $"{u},Right-Passw0rd")) + "\n"))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        var projectReady = await projectTap.WaitForAsync(p => p.ProjectId == Guid.Parse(projectId), "the project ready");
        Assert.Equal(2, projectReady.Mailboxes);
        var readiness = await ReadinessAsync(key, projectId);
        Assert.Equal((2, 2, 0), (readiness["total"]!.GetValue<int>(), readiness["ready"]!.GetValue<int>(), readiness["failed"]!.GetValue<int>()));
        Assert.Contains(readiness["recommendations"]!.AsArray(), r => r!.GetValue<string>() == "All 2 mailbox(es) are ready: the migration can start.");

        // The same check again (a redelivery, or the periodic recheck) is no news: nothing is announced twice.
        foreach (var (id, _) in mailboxes)
        {
            var verified = SourceAccessCalls.Verified(operatorId, projectId, id, await platform.SourceCredentialIdAsync(id));
            var messageId = await platform.PublishOneAsync(verified);
            await platform.PublishAsync([(messageId, verified)]);
            await platform.WaitUntilHandledAsync(ResourceNames.MigrationsDatabase, messageId);
        }
        var ready = await readyTap.AllAsync(r => r.ProjectId == Guid.Parse(projectId), Settle);
        Assert.Equal(mailboxes.Select(m => Guid.Parse(m.Id)).Order(), ready.Select(r => r.MailboxId).Order());
        Assert.All(ready, r => Assert.Contains(r.SourceAddress, users));
        Assert.Single(await projectTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero));
        Assert.Empty(await provisioningTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero));

        // Falling back and coming back: a mailbox checked again is verifying (the project no longer ready), then ready
        // again; it and the project are announced again, once (docs/decisions/0021r).
        using (var verify = await platform.VerifyAsync(key, projectId, mailboxes[0].Id))
        {
            Assert.Equal(HttpStatusCode.Accepted, verify.StatusCode);
        }
        await projectTap.WaitForAsync(p => p.ProjectId == Guid.Parse(projectId) && p.ReadyAt > projectReady.ReadyAt, "the project ready again");
        Assert.Equal(3, (await readyTap.AllAsync(r => r.ProjectId == Guid.Parse(projectId), Settle)).Count);
        Assert.Equal(2, (await projectTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero)).Count);
    }

    [Fact]
    public async Task The_last_mailboxes_becoming_ready_at_once_announce_the_project_exactly_once()
    {
        await using var projectTap = await EventTap<ProjectReady>.StartAsync(platform);
        await using var readyTap = await EventTap<MailboxReady>.StartAsync(platform);
        var (operatorId, key) = await platform.CreateOperatorAsync("Readiness race");
        // No credential is stored, so the source-access service checks nothing: the test's own checks decide, all at once.
        var projectId = await platform.CreateProjectAsync(key, ImapProject("""{ "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "manual" }""", "dataOnly"));
        var users = Enumerable.Range(0, 40).Select(i => User($"race{i}")).ToArray();
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, users);
        var checks = mailboxes.Select(m => (NewId.NextGuid(), SourceAccessCalls.Verified(operatorId, projectId, m.Id, Guid.CreateVersion7()))).ToList();
        await platform.PublishAsync(checks);
        // And every one of them delivered a second time, concurrently with the first.
        await platform.PublishAsync(checks);

        var announced = await projectTap.WaitForAsync(p => p.ProjectId == Guid.Parse(projectId), "the project ready");
        Assert.Equal(40, announced.Mailboxes);
        Assert.Single(await projectTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), Settle));
        Assert.Equal(40, (await readyTap.AllAsync(r => r.ProjectId == Guid.Parse(projectId), TimeSpan.Zero)).Select(r => r.MailboxId).Distinct().Count());
        Assert.Equal(40, (await readyTap.AllAsync(r => r.ProjectId == Guid.Parse(projectId), TimeSpan.Zero)).Count);
    }

    [Fact]
    public async Task A_create_accounts_project_requests_provisioning_once_per_mailbox_and_follows_its_results()
    {
        await using var provisioningTap = await EventTap<ProvisioningRequested>.StartAsync(platform);
        await using var readyTap = await EventTap<MailboxReady>.StartAsync(platform);
        await using var failedTap = await EventTap<MailboxFailed>.StartAsync(platform);
        await using var projectTap = await EventTap<ProjectReady>.StartAsync(platform);
        var (operatorId, key) = await platform.CreateOperatorAsync("Readiness with provisioning");
        var tenantId = await HeldTenantAsync();
        var projectId = await platform.CreateProjectAsync(key, ImapProject($$"""
            { "tenantDomain": "contoso.onmicrosoft.com", "tenantId": "{{tenantId}}", "createAccounts": true, "credentialMode": "manual",
              "licenseSku": "ENTERPRISEPACK", "usageLocation": "DE" }
            """));
        string[] users = [User("prov-a"), User("prov-b")];
        await platform.Dovecot.AddUsersAsync(users.Select(u => (u, "Right-Passw0rd")));
        var mailboxes = await platform.AddMailboxesAsync(key, projectId, users);
        var (a, b) = (mailboxes.Single(m => m.Address == users[0]).Id, mailboxes.Single(m => m.Address == users[1]).Id);
        using (var upload = await platform.PostCredentialsCsvAsync(key, projectId,
                   "sourceAddress,sourcePassword,destinationPassword\n" + string.Join("\n", users.Select(u => $"{u},Right-Passw0rd,Destination-Passw0rd-1")) + "\n"))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        var requestA = await provisioningTap.WaitForAsync(p => p.MailboxId == Guid.Parse(a), "provisioning of a");
        var requestB = await provisioningTap.WaitForAsync(p => p.MailboxId == Guid.Parse(b), "provisioning of b");
        Assert.Equal(ProvisioningAction.CreateAccount, requestA.Action);
        Assert.Equal(tenantId, requestA.Tenant);
        Assert.Equal(users[0].Replace("@", ".m365@"), requestA.DestinationUpn);
        Assert.Equal(users[0].Split('@')[0], requestA.DisplayName);
        Assert.Equal(("DE", "ENTERPRISEPACK"), (requestA.UsageLocation, requestA.LicenseSku));
        Assert.Equal(Guid.Parse(operatorId), requestA.OperatorId);
        Assert.Equal(await DestinationCredentialIdAsync(a), requestA.DestinationCredentialReference);
        Assert.Equal(await DestinationCredentialIdAsync(b), requestB.DestinationCredentialReference);
        Assert.Equal("provisioning", (await platform.MailboxAsync(key, projectId, a)).State());
        var provisioning = await ReadinessWhenAsync(key, projectId, r => r["provisioning"]!.GetValue<int>() == 2, "both provisioning");
        Assert.Equal(0, provisioning["ready"]!.GetValue<int>());

        var succeeded = (NewId.NextGuid(), Provisioned(requestA));
        var failed = (NewId.NextGuid(), ProvisioningFailure(requestB, ProvisioningReasons.LicenseUnavailable));
        await platform.PublishAsync([succeeded]);
        await platform.PublishAsync([failed]);
        var readyA = await platform.MailboxWhenAsync(key, projectId, a, m => m.State() == "ready", "a ready");
        Assert.Equal("done", readyA.Status("provisioning"));
        var failedB = await platform.MailboxWhenAsync(key, projectId, b, m => m.State() == "failed", "b failed");
        Assert.Equal(("failed", "licenseUnavailable"), (failedB.Status("provisioning"), failedB["provisioning"]!["reason"]!.GetValue<string>()));
        var mailboxFailed = await failedTap.WaitForAsync(f => f.MailboxId == Guid.Parse(b), "b announced failed");
        Assert.Equal((ProvisioningReasons.LicenseUnavailable, users[1]), (mailboxFailed.Reason, mailboxFailed.SourceAddress));
        await readyTap.WaitForAsync(r => r.MailboxId == Guid.Parse(a), "a announced ready");

        var readiness = await ReadinessAsync(key, projectId);
        Assert.Equal((2, 1, 1, 0), (readiness["total"]!.GetValue<int>(), readiness["ready"]!.GetValue<int>(), readiness["failed"]!.GetValue<int>(),
            readiness["provisioning"]!.GetValue<int>()));
        Assert.Equal(1, readiness["failuresByReason"]!["licenseUnavailable"]!.GetValue<int>());
        Assert.Contains(readiness["recommendations"]!.AsArray(), r => r!.GetValue<string>().StartsWith("1 mailbox(es) have licenseUnavailable", StringComparison.Ordinal));

        // Redelivered results, a late failure about the credential already provisioned, and a result about an older
        // credential change nothing and announce nothing.
        await platform.PublishAsync([succeeded]);
        await platform.PublishAsync([failed]);
        var lateFailure = await platform.PublishOneAsync(ProvisioningFailure(requestA, ProvisioningReasons.InternalError));
        var olderSuccess = await platform.PublishOneAsync(Provisioned(requestB, reference: Guid.CreateVersion7(DateTimeOffset.UtcNow.AddDays(-1))));
        await platform.WaitUntilHandledAsync(ResourceNames.MigrationsDatabase, lateFailure);
        await platform.WaitUntilHandledAsync(ResourceNames.MigrationsDatabase, olderSuccess);
        Assert.Equal("ready", (await platform.MailboxAsync(key, projectId, a)).State());
        Assert.Equal("failed", (await platform.MailboxAsync(key, projectId, b)).State());
        Assert.Single(await readyTap.AllAsync(r => r.ProjectId == Guid.Parse(projectId), Settle));
        Assert.Single(await failedTap.AllAsync(r => r.ProjectId == Guid.Parse(projectId), TimeSpan.Zero));
        Assert.Empty(await projectTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero));
        Assert.Equal(2, (await provisioningTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero)).Count);

        // A new destination password for b (once the seats are bought) is provisioned again; its success makes the project ready.
        using (var again = await platform.PutCredentialAsync(key, projectId, b, "destination", """{ "password": "Destination-Passw0rd-2" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }
        var retry = await provisioningTap.WaitForAsync(p => p.MailboxId == Guid.Parse(b) && p.DestinationCredentialReference != requestB.DestinationCredentialReference,
            "b provisioned again with its new password");
        Assert.Equal(await DestinationCredentialIdAsync(b), retry.DestinationCredentialReference);
        await platform.PublishOneAsync(Provisioned(retry));
        var projectReady = await projectTap.WaitForAsync(p => p.ProjectId == Guid.Parse(projectId), "the project ready");
        Assert.Equal(2, projectReady.Mailboxes);
        Assert.Equal(2, (await readyTap.AllAsync(r => r.ProjectId == Guid.Parse(projectId), Settle)).Count);
        Assert.Equal(3, (await provisioningTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero)).Count);
        Assert.Single(await projectTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero));
        var final = await ReadinessAsync(key, projectId);
        Assert.Equal(2, final["ready"]!.GetValue<int>());
        Assert.Empty(final["failuresByReason"]!.AsObject());
    }

    [Fact]
    public async Task A_rejected_destination_password_in_a_reception_project_asks_the_end_user_again_and_the_new_one_is_provisioned()
    {
        await using var provisioningTap = await EventTap<ProvisioningRequested>.StartAsync(platform);
        await using var failedTap = await EventTap<MailboxFailed>.StartAsync(platform);
        await using var projectTap = await EventTap<ProjectReady>.StartAsync(platform);
        var (_, key) = await platform.CreateOperatorAsync("Readiness reception");
        var tenantId = await HeldTenantAsync();
        var projectId = await platform.CreateProjectAsync(key, ImapProject(
            $$"""{ "tenantDomain": "contoso.onmicrosoft.com", "tenantId": "{{tenantId}}", "createAccounts": true, "credentialMode": "passwordReception", "licenseSku": "ENTERPRISEPACK", "usageLocation": "DE" }"""));
        // With a licence to assign the provisioning service needs two writes, and the held tenant takes one: its own
        // job never finishes, so the results this test plays are the only ones (without a licence it sometimes won).
        var user = User("rejected");
        await platform.Dovecot.AddUserAsync(user, "Right-Passw0rd");
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var invitation = Assert.Single(await platform.WaitForEmailsAsync(1, user));
        await SubmitAsync(invitation.ReceptionLink(), new { sourcePassword = "Right-Passw0rd", destinationPassword = "Rejected-Passw0rd" });

        var first = await provisioningTap.WaitForAsync(p => p.MailboxId == Guid.Parse(mailboxId), "provisioning requested");
        await platform.PublishOneAsync(ProvisioningFailure(first, ProvisioningReasons.PasswordRejected));
        var waiting = await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "waitingForUser", "the mailbox waiting for its user again");
        Assert.Equal(("pending", "passwordRejected"), (waiting.Status("destination"), waiting["destination"]!["reason"]!.GetValue<string>()));
        Assert.Equal("verified", waiting.Status("source"));
        var readiness = await ReadinessAsync(key, projectId);
        Assert.Equal((1, 1), (readiness["waitingForUser"]!.GetValue<int>(), readiness["failuresByReason"]!["passwordRejected"]!.GetValue<int>()));
        Assert.Contains(readiness["recommendations"]!.AsArray(), r => r!.GetValue<string>().Contains("passwordRejected", StringComparison.Ordinal));

        // The vault emails the end user a new link; the page asks for the destination password only.
        var reRequest = (await Eventually.WaitForAsync(() => platform.EmailsToAsync(user),
            emails => emails.Any(e => e.Subject.Contains("did not work", StringComparison.Ordinal)), "the re-request email"))
            .Single(e => e.Subject.Contains("did not work", StringComparison.Ordinal));
        var link = reRequest.ReceptionLink();
        using (var view = await platform.Gateway.GetAsync($"/v1/reception/{link[(link.LastIndexOf('/') + 1)..]}", Cancel))
        {
            var shown = await view.ReadJsonAsync();
            var needs = shown["needs"]!;
            Assert.Equal((false, true), (needs["sourcePassword"]!.GetValue<bool>(), needs["destinationPassword"]!.GetValue<bool>()));
            Assert.Equal(("failed", "passwordRejected"), (shown["destination"]!["status"]!.GetValue<string>(), shown["destination"]!["reason"]!.GetValue<string>()));
        }
        await SubmitAsync(link, new { destinationPassword = "A-Much-Longer-Passw0rd" });

        var second = await provisioningTap.WaitForAsync(p => p.MailboxId == Guid.Parse(mailboxId) && p.DestinationCredentialReference != first.DestinationCredentialReference,
            "provisioning requested again with the new password");
        Assert.True(second.DestinationCredentialReference.CompareTo(first.DestinationCredentialReference) > 0);
        Assert.Equal(await DestinationCredentialIdAsync(mailboxId), second.DestinationCredentialReference);
        // A late answer about the refused password changes nothing.
        var late = await platform.PublishOneAsync(Provisioned(first));
        await platform.WaitUntilHandledAsync(ResourceNames.MigrationsDatabase, late);
        Assert.Equal("provisioning", (await platform.MailboxAsync(key, projectId, mailboxId)).State());
        await platform.PublishOneAsync(Provisioned(second));
        await platform.MailboxWhenAsync(key, projectId, mailboxId, m => m.State() == "ready", "the mailbox ready");
        await projectTap.WaitForAsync(p => p.ProjectId == Guid.Parse(projectId), "the project ready");
        Assert.Empty(await failedTap.AllAsync(f => f.ProjectId == Guid.Parse(projectId), Settle));
        Assert.Equal(2, (await provisioningTap.AllAsync(p => p.ProjectId == Guid.Parse(projectId), TimeSpan.Zero)).Count);
    }

    [Fact]
    public async Task The_readiness_of_100000_mailboxes_is_counted_by_the_database_in_moments()
    {
        var (_, key) = await platform.CreateOperatorAsync("Readiness at scale");
        var projectId = await platform.CreateProjectAsync(key, ImapProject("""{ "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "manual" }"""));
        var csv = new StringBuilder("sourceAddress,destinationUpn,passwordLastSet\n", 100_000 * 90);
        for (var i = 0; i < 100_000; i++)
        {
            // Every third password was set early enough to expire (90 days) before the cutover (2027-01-15).
            csv.Append($"user{i}@big.example.test,user{i}@big.onmicrosoft.com,{(i % 3 == 0 ? "2026-10-01" : "2026-11-01")}\n");
        }
        using var http = platform.App.CreateHttpClient(ResourceNames.Gateway, "http");
        http.Timeout = TimeSpan.FromMinutes(5);
        using (var upload = new HttpRequestMessage(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes") { Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv") })
        {
            upload.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            using var added = await http.SendAsync(upload, Cancel);
            Assert.Equal(100_000, (await added.ReadJsonAsync())["added"]!.GetValue<int>());
        }

        await ReadinessAsync(key, projectId);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var readiness = await ReadinessAsync(key, projectId);
        clock.Stop();
        TestContext.Current.SendDiagnosticMessage($"readiness of 100,000 mailboxes answered in {clock.ElapsedMilliseconds} ms");
        Assert.Equal((100_000, 100_000, 0), (readiness["total"]!.GetValue<int>(), readiness["waitingForUser"]!.GetValue<int>(), readiness["ready"]!.GetValue<int>()));
        Assert.Equal(33_334, readiness["expiryRiskTotal"]!.GetValue<int>());
        var risk = readiness["expiryRisk"]!.AsArray();
        Assert.Equal(1000, risk.Count);
        Assert.All(risk, r => Assert.Equal("2026-12-30", r!["passwordExpires"]!.GetValue<string>()));
        var recommendations = readiness["recommendations"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.StartsWith("33334 mailbox(es) have passwords that expire on or before the cutover date 2027-01-15", recommendations[0]);
        Assert.Contains(recommendations, r => r.Contains("disable the password expiration policy", StringComparison.Ordinal));
        Assert.Contains(recommendations, r => r.Contains("change their passwords before the migration starts", StringComparison.Ordinal));
        Assert.Contains(recommendations, r => r.StartsWith("100000 mailbox(es) wait for their end users", StringComparison.Ordinal));
        // Generous for a shared machine; on an idle one it answers in well under a second.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"readiness took {clock.Elapsed}");

        // The vault learns of the mailboxes from events; waiting for them here keeps that work out of the tests after this one.
        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        await Eventually.WaitForAsync(async () => (long)(await vault.ScalarAsync($"SELECT count(*) FROM mailboxes WHERE project_id = '{projectId}'"))!,
            known => known == 100_000, "the vault knowing the 100,000 mailboxes", seconds: 600);
    }

    private async Task SubmitAsync(string link, object body)
    {
        var token = link[(link.LastIndexOf('/') + 1)..];
        using var submitted = await platform.Gateway.PostAsync($"/v1/reception/{token}",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
    }
}
