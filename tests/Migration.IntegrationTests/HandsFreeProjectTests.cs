using System.Text;
using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;

namespace Migration.IntegrationTests;

/// <summary>
/// The seed's "remove all end-user involvement", end to end through the gateway and every service: an Exchange source by
/// Source-Side Impersonation (the EWS peer), destination passwords by CSV, accounts created by the platform (the Graph
/// and Entra peers). Every mailbox reaches ready, every account exists once with its password and licence, and no end
/// user is emailed.
/// </summary>
// The EWS peer counts the requests in progress across all callers: the classes that measure it, or load it, take turns.
[Collection(EwsPeerLoad.Name)]
public sealed class HandsFreeProjectTests(PlatformFixture platform)
{
    private const int Mailboxes = 50;
    private const string Sku = "ENTERPRISEPACK";

    [Fact]
    public async Task An_impersonation_project_with_destination_passwords_by_csv_reaches_ready_with_every_account_created_and_no_email_sent()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var ews = platform.Peers.Ews;
        using var graph = platform.Peers.GraphProvisioning;
        var admin = $"svc.{tag}@exchange.example.test";
        var sources = Enumerable.Range(0, Mailboxes).Select(i => $"user{i}.{tag}@exchange.example.test").ToArray();
        await ews.AddAccountAsync(admin, "Admin-Passw0rd", hasMailbox: false);
        foreach (var source in sources)
        {
            await ews.AddAccountAsync(source, "Unused-1");
        }
        await ews.GrantImpersonationAsync(admin, sources);
        var (tenantId, domain) = (Guid.NewGuid().ToString(), $"handsfree-{tag}.test");
        await graph.PutTenantAsync(tenantId, new PeerTenantSpec([domain], [new PeerSku(Sku, Mailboxes)]));
        string Upn(int i) => $"user{i}@{domain}";
        string Password(int i) => $"Dest-{i}-{tag}-Passw0rd!";
        await using var projectReady = await EventTap<ProjectReady>.StartAsync(platform);

        var (_, key) = await platform.CreateOperatorAsync("Hands-free");
        var projectId = await platform.CreateProjectAsync(key, $$"""
            { "name": "Hands-free", "customer": { "name": "Contoso", "domain": "contoso.com" },
              "source": { "kind": "exchange", "accessMethod": "impersonation", "ewsUrl": "{{platform.Peers.EwsUrl}}" },
              "destination": { "tenantDomain": "{{domain}}", "tenantId": "{{tenantId}}", "createAccounts": true, "credentialMode": "manual",
                               "licenseSku": "{{Sku}}", "usageLocation": "GB" },
              "migrationType": "full" }
            """);
        var mailboxCsv = new StringBuilder("sourceAddress,destinationUpn,displayName\n")
            .AppendJoin("", sources.Select((s, i) => $"{s},{Upn(i)},User {i}\n")).ToString();
        using (var added = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, new StringContent(mailboxCsv, Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(Mailboxes, (await added.ReadJsonAsync())["added"]!.GetValue<int>());
        }
        using (var grant = await platform.PutGrantAsync(key, projectId, $$"""{ "username": "{{admin}}", "password": "Admin-Passw0rd", "testMailbox": "{{sources[0]}}" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, grant.StatusCode);
        }
        var credentialCsv = new StringBuilder("sourceAddress,destinationPassword\n").AppendJoin("", sources.Select((s, i) => $"{s},{Password(i)}\n")).ToString();
        using (var upload = await platform.PostCredentialsCsvAsync(key, projectId, credentialCsv))
        {
            Assert.Equal(Mailboxes, (await upload.ReadJsonAsync())["accepted"]!.GetValue<int>());
        }

        var readiness = await Eventually.WaitForAsync(async () => await (await platform.GetAsync($"/v1/projects/{projectId}/readiness", key)).ReadJsonAsync(),
            r => r["ready"]!.GetValue<int>() == Mailboxes || r["failed"]!.GetValue<int>() > 0, "every mailbox ready", seconds: 180);
        Assert.Equal((Mailboxes, Mailboxes, 0), (readiness["total"]!.GetValue<int>(), readiness["ready"]!.GetValue<int>(), readiness["failed"]!.GetValue<int>()));
        Assert.Equal(Mailboxes, (await projectReady.WaitForAsync(p => p.ProjectId == Guid.Parse(projectId), "the project announced ready")).Mailboxes);

        var users = await graph.UsersAsync(tenantId);
        Assert.Equal(Enumerable.Range(0, Mailboxes).Select(Upn).Order(StringComparer.OrdinalIgnoreCase),
            users.Select(u => u.UserPrincipalName).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(users, u =>
        {
            Assert.Equal([Sku], u.Licenses);
            Assert.Equal(("GB", true, false), (u.UsageLocation, u.AccountEnabled, u.ForceChangePasswordNextSignIn));
        });
        for (var i = 0; i < Mailboxes; i++)
        {
            Assert.True(await graph.PasswordMatchesAsync(tenantId, Upn(i), Password(i)), $"{Upn(i)} has its gathered password");
        }
        var creates = (await graph.RequestsAsync(tenantId)).Where(r => r.Method == "POST" && r.Path.TrimEnd('/').EndsWith("/users", StringComparison.Ordinal) && r.Status == 201);
        Assert.Equal(Mailboxes, creates.Count());
        Assert.Empty(await platform.EmailsToAsync([.. sources, .. Enumerable.Range(0, Mailboxes).Select(Upn)]));
    }
}
