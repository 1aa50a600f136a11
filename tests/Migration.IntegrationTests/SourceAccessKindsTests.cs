using System.Text.Json.Nodes;
using Migration.IntegrationTests.Peers;
using Migration.ProtocolPeers.Google;

namespace Migration.IntegrationTests;

/// <summary>
/// Every source kind and access method end to end through the gateway, against the protocol peers the AppHost runs:
/// each success, each refusal its peer can produce, and a grant that is refused before any mailbox is tried.
/// </summary>
public sealed class SourceAccessKindsTests(PlatformFixture platform)
{
    private static string Tag => Guid.NewGuid().ToString("N")[..8];

    private static string Project(string kind, string method, string source) => $$"""
        { "name": "{{kind}} {{method}}", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "{{kind}}", "accessMethod": "{{method}}", {{source}} },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com", "credentialMode": "manual" }, "migrationType": "dataOnly" }
        """;

    private static string Reason(JsonObject mailbox) => mailbox["source"]!["reason"]?.GetValue<string>() ?? "";

    private async Task<JsonObject> ProjectWhenAsync(string key, string projectId, Func<JsonObject, bool> done, string what) =>
        await Eventually.WaitForAsync(async () => await (await platform.GetAsync($"/v1/projects/{projectId}", key)).ReadJsonAsync(), done, what, 60);

    private static string AccessStatus(JsonObject project) => project["sourceAccess"]!["status"]!.GetValue<string>();

    private async Task PutGrantAsync(string key, string projectId, object grant)
    {
        using var put = await platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/source-access", key, JsonContent.Create(grant));
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
    }

    /// <summary>Each mailbox's source password is put, then its outcome awaited: "verified" or the reason of its failure.</summary>
    private async Task AssertOutcomesAsync(string key, string projectId, IReadOnlyList<(string Address, string? Password, string Expected)> cases)
    {
        var ids = (await platform.AddMailboxesAsync(key, projectId, [.. cases.Select(c => c.Address)]))
            .ToDictionary(m => m.Address, m => m.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var (address, password, _) in cases.Where(c => c.Password is not null))
        {
            using var put = await platform.PutCredentialAsync(key, projectId, ids[address], "source", JsonSerializerString(password!));
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }
        var outcomes = new List<(string, string)>();
        foreach (var (address, _, _) in cases)
        {
            var done = await platform.MailboxWhenAsync(key, projectId, ids[address], m => m.Status("source") is "verified" or "failed", $"the check of {address}");
            outcomes.Add((address, done.Status("source") == "verified" ? "verified" : Reason(done)));
        }
        Assert.Equal(cases.Select(c => (c.Address, c.Expected)), outcomes);
    }

    private static string JsonSerializerString(string password) => new JsonObject { ["password"] = password }.ToJsonString();

    [Fact]
    public async Task Exchange_with_passwords_over_EWS()
    {
        using var ews = platform.Peers.Ews;
        var (ok, wrong, nobox) = ($"ok.{Tag}@exchange.example.test", $"wrong.{Tag}@exchange.example.test", $"nobox.{Tag}@exchange.example.test");
        await ews.AddAccountAsync(ok, "Right-Passw0rd");
        await ews.AddAccountAsync(wrong, "Right-Passw0rd");
        await ews.AddAccountAsync(nobox, "Right-Passw0rd", hasMailbox: false);
        var (_, key) = await platform.CreateOperatorAsync("EWS passwords");
        var projectId = await platform.CreateProjectAsync(key, Project("exchange", "password", $"\"ewsUrl\": \"{platform.Peers.EwsUrl}\""));
        await AssertOutcomesAsync(key, projectId, [(ok, "Right-Passw0rd", "verified"), (wrong, "Mistyped-Passw0rd", "invalidPassword"), (nobox, "Right-Passw0rd", "mailboxNotFound")]);
        Assert.Single(await ews.LoginsOfAsync(wrong), login => !login.Succeeded);
    }

    [Fact]
    public async Task Exchange_with_impersonation_checks_the_grant_first_then_each_mailbox()
    {
        using var ews = platform.Peers.Ews;
        var admin = $"svc.{Tag}@exchange.example.test";
        var (allowed, denied) = ($"allowed.{Tag}@exchange.example.test", $"denied.{Tag}@exchange.example.test");
        await ews.AddAccountAsync(admin, "Admin-Passw0rd", hasMailbox: false);
        await ews.AddAccountAsync(allowed, "Unused-1");
        await ews.AddAccountAsync(denied, "Unused-1");
        await ews.GrantImpersonationAsync(admin, allowed);
        var (_, key) = await platform.CreateOperatorAsync("EWS impersonation");
        var projectId = await platform.CreateProjectAsync(key, Project("exchange", "impersonation", $"\"ewsUrl\": \"{platform.Peers.EwsUrl}\""));
        var missing = $"missing.{Tag}@exchange.example.test";
        var added = (await platform.AddMailboxesAsync(key, projectId, allowed, denied, missing)).ToDictionary(m => m.Address, m => m.Id, StringComparer.OrdinalIgnoreCase);

        await PutGrantAsync(key, projectId, new { username = admin, password = "Admin-Passw0rd", testMailbox = allowed });
        await ProjectWhenAsync(key, projectId, p => AccessStatus(p) == "verified", "the grant verified");
        var outcomes = new List<string>();
        foreach (var id in new[] { allowed, denied, missing }.Select(a => added[a]))
        {
            var done = await platform.MailboxWhenAsync(key, projectId, id, m => m.Status("source") is "verified" or "failed", "each mailbox checked with the grant");
            outcomes.Add(done.Status("source") == "verified" ? "verified" : Reason(done));
        }
        Assert.Equal(["verified", "impersonationDenied", "mailboxNotFound"], outcomes);
        Assert.Contains(await ews.LoginsOfAsync(admin), login => login.ImpersonatedAddress == allowed && login.AnchorMailbox == allowed);
    }

    [Fact]
    public async Task An_EWS_admin_without_impersonation_rights_shows_on_the_project_before_any_mailbox_is_tried()
    {
        using var ews = platform.Peers.Ews;
        var admin = $"norights.{Tag}@exchange.example.test";
        var user = $"user.{Tag}@exchange.example.test";
        await ews.AddAccountAsync(admin, "Admin-Passw0rd", hasMailbox: false);
        await ews.AddAccountAsync(user, "Unused-1");
        var (_, key) = await platform.CreateOperatorAsync("EWS no rights");
        var projectId = await platform.CreateProjectAsync(key, Project("exchange", "impersonation", $"\"ewsUrl\": \"{platform.Peers.EwsUrl}\""));
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();

        await PutGrantAsync(key, projectId, new { username = admin, password = "Admin-Passw0rd" });
        var project = await ProjectWhenAsync(key, projectId, p => AccessStatus(p) == "failed", "the grant refused");
        Assert.Equal("impersonationDenied", project["sourceAccess"]!["reason"]!.GetValue<string>());
        // The preflight tried the first mailbox once; with the grant refused, no mailbox check follows.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Single(await ews.LoginsOfAsync(admin));
        Assert.Equal("verifying", (await platform.MailboxAsync(key, projectId, mailboxId)).State());
    }

    [Fact]
    public async Task Office365_app_only_through_Entra_and_Graph()
    {
        using var entra = platform.Peers.Entra;
        var clientId = Guid.NewGuid().ToString();
        await entra.RegisterAsync(new EntraApp(clientId, "App-Secret-1", ["Mail.Read"]));
        var (ok, unknown) = ($"ok.{Tag}@o365.example.test", $"unknown.{Tag}@o365.example.test");
        await entra.AddAsync(new EntraUser(ok, "Unused-1"));
        var (_, key) = await platform.CreateOperatorAsync("Office 365 app-only");
        var projectId = await platform.CreateProjectAsync(key, Project("office365", "impersonation", $"\"tenantId\": \"{Guid.NewGuid()}\""));
        var mailboxes = (await platform.AddMailboxesAsync(key, projectId, ok, unknown)).OrderBy(m => m.Address != ok).ToList();
        await PutGrantAsync(key, projectId, new { clientId, clientSecret = "App-Secret-1", testMailbox = ok });
        await ProjectWhenAsync(key, projectId, p => AccessStatus(p) == "verified", "the app verified");
        var first = await platform.MailboxWhenAsync(key, projectId, mailboxes[0].Id, m => m.Status("source") == "verified", "the user verified app-only");
        Assert.Equal("ready", first.State());
        var second = await platform.MailboxWhenAsync(key, projectId, mailboxes[1].Id, m => m.State() == "failed", "the unknown user refused");
        Assert.Equal("mailboxNotFound", Reason(second));
    }

    [Theory]
    [InlineData("App-Secret-1", false, "consentMissing")]
    [InlineData("Wrong-Secret-1", true, "invalidPassword")]
    public async Task An_Office365_app_without_consent_or_with_a_wrong_secret_shows_on_the_project(string secret, bool consented, string reason)
    {
        using var entra = platform.Peers.Entra;
        var clientId = Guid.NewGuid().ToString();
        await entra.RegisterAsync(new EntraApp(clientId, "App-Secret-1", ["Mail.Read"], AdminConsented: consented));
        var user = $"user.{Tag}@o365.example.test";
        await entra.AddAsync(new EntraUser(user, "Unused-1"));
        var (_, key) = await platform.CreateOperatorAsync("Office 365 refused app");
        var projectId = await platform.CreateProjectAsync(key, Project("office365", "impersonation", $"\"tenantId\": \"{Guid.NewGuid()}\""));
        await PutGrantAsync(key, projectId, new { clientId, clientSecret = secret, testMailbox = user });
        var project = await ProjectWhenAsync(key, projectId, p => AccessStatus(p) == "failed", "the app refused");
        Assert.Equal(reason, project["sourceAccess"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Office365_with_passwords_maps_each_Entra_refusal_to_its_reason()
    {
        using var entra = platform.Peers.Entra;
        var tag = Tag;
        string Upn(string who) => $"{who}.{tag}@o365.example.test";
        var users = new[]
        {
            new EntraUser(Upn("ok"), "Right-Passw0rd"), new EntraUser(Upn("wrong"), "Right-Passw0rd"),
            new EntraUser(Upn("mfa"), "Right-Passw0rd", MfaRequired: true), new EntraUser(Upn("locked"), "Right-Passw0rd", Locked: true),
            new EntraUser(Upn("disabled"), "Right-Passw0rd", Disabled: true), new EntraUser(Upn("expired"), "Right-Passw0rd", PasswordExpired: true),
        };
        foreach (var user in users)
        {
            await entra.AddAsync(user);
        }
        var (_, key) = await platform.CreateOperatorAsync("Office 365 passwords");
        var projectId = await platform.CreateProjectAsync(key, Project("office365", "password", $"\"tenantId\": \"{Guid.NewGuid()}\""));
        await AssertOutcomesAsync(key, projectId,
        [
            (Upn("ok"), "Right-Passw0rd", "verified"), (Upn("wrong"), "Mistyped-Passw0rd", "invalidPassword"),
            (Upn("mfa"), "Right-Passw0rd", "mfaRequired"), (Upn("locked"), "Right-Passw0rd", "accountLocked"),
            (Upn("disabled"), "Right-Passw0rd", "accountDisabled"), (Upn("expired"), "Right-Passw0rd", "passwordExpired"),
            (Upn("nobody"), "Right-Passw0rd", "mailboxNotFound"),
        ]);
    }

    [Fact]
    public async Task Google_with_domain_wide_delegation_through_the_jwt_bearer_grant_and_gmail()
    {
        using var google = new GooglePeerClient(platform.Peers.CreateClient());
        var account = TestServiceAccount.Create($"sa-{Tag}");
        await google.RegisterAsync(account);
        await google.DelegateAsync(account.ClientId, "https://www.googleapis.com/auth/gmail.readonly");
        var domain = $"g{Tag}.example.test";
        var (ok, unknown) = ($"ok@{domain}", $"unknown@{domain}");
        await google.AddUserAsync(new GoogleUser(ok));
        var (_, key) = await platform.CreateOperatorAsync("Google");
        var projectId = await platform.CreateProjectAsync(key, Project("google", "oauth", $"\"googleDomain\": \"{domain}\""));
        var mailboxes = (await platform.AddMailboxesAsync(key, projectId, ok, unknown)).OrderBy(m => m.Address != ok).ToList();
        await PutGrantAsync(key, projectId, new { serviceAccountJson = account.Json, testMailbox = ok });
        await ProjectWhenAsync(key, projectId, p => AccessStatus(p) == "verified", "the service account verified");
        await platform.MailboxWhenAsync(key, projectId, mailboxes[0].Id, m => m.Status("source") == "verified", "the user verified");
        var refused = await platform.MailboxWhenAsync(key, projectId, mailboxes[1].Id, m => m.State() == "failed", "the unknown user refused");
        Assert.Equal("mailboxNotFound", Reason(refused));
    }

    [Fact]
    public async Task A_Google_grant_delegated_for_other_scopes_shows_on_the_project_before_any_mailbox_is_tried()
    {
        using var google = new GooglePeerClient(platform.Peers.CreateClient());
        var account = TestServiceAccount.Create($"sa-{Tag}");
        await google.RegisterAsync(account);
        await google.DelegateAsync(account.ClientId, "https://www.googleapis.com/auth/calendar.readonly");
        var domain = $"g{Tag}.example.test";
        await google.AddUserAsync(new GoogleUser($"someone@{domain}"));
        var (_, key) = await platform.CreateOperatorAsync("Google wrong scope");
        var projectId = await platform.CreateProjectAsync(key, Project("google", "oauth", $"\"googleDomain\": \"{domain}\""));
        await PutGrantAsync(key, projectId, new { serviceAccountJson = account.Json, testMailbox = $"someone@{domain}" });
        var project = await ProjectWhenAsync(key, projectId, p => AccessStatus(p) == "failed", "the grant refused");
        Assert.Equal("consentMissing", project["sourceAccess"]!["reason"]!.GetValue<string>());
    }
}
