using Migration.Contracts;
using Migration.Contracts.Events;

namespace Migration.IntegrationTests;

/// <summary>
/// R3: <c>PUT .../source-access</c> stores the project-level grant in the vault by the project's source kind, replaces
/// an earlier one, and announces it for its check; the check's result (published here as the source-access service
/// would) shows on the project's sourceAccess, and a result about an older grant changes nothing.
/// </summary>
public sealed class SourceAccessGrantTests(PlatformFixture platform)
{
    private const string ExchangeImpersonation = """
        { "name": "SSI", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "exchange", "accessMethod": "impersonation", "ewsUrl": "https://mail.contoso.com/EWS/Exchange.asmx" },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly" }
        """;

    [Fact]
    public async Task An_exchange_grant_is_pending_until_its_check_and_then_verified_or_failed_with_the_reason()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Grants");
        var projectId = await platform.CreateProjectAsync(key, ExchangeImpersonation);
        Assert.Equal("pending", (await platform.ProjectAsync(key, projectId)).SourceAccess());

        using (var put = await platform.PutGrantAsync(key, projectId,
                   """{ "username": "svc-migration@contoso.com", "password": "First-Adm1n", "testMailbox": "Anna@Contoso.com" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
            var body = await put.ReadJsonAsync();
            Assert.Equal("pending", body["status"]!.GetValue<string>());
            Assert.Equal("anna@contoso.com", body["testMailbox"]!.GetValue<string>());
            Assert.DoesNotContain("First-Adm1n", body.ToJsonString());
        }
        var first = await platform.GrantIdAsync(projectId);
        await platform.PublishOneAsync(SourceAccessCalls.GrantChecked(operatorId, projectId, first, SourceAccessReasons.ImpersonationDenied));
        var denied = await platform.ProjectWhenAsync(key, projectId, p => p.SourceAccessReason() == "impersonationDenied", "the grant's failure on the project");
        Assert.Equal("impersonationDenied", denied.SourceAccessReason());

        // A new grant replaces the first in the vault; its SourceAccessGrantSubmitted makes the project pending again (with
        // no test mailbox and no mailboxes, the source-access service has nothing to check it against yet).
        using (var second = await platform.PutGrantAsync(key, projectId, """{ "username": "svc-migration@contoso.com", "password": "Second-Adm1n" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }
        var pending = await platform.ProjectWhenAsync(key, projectId, p => p.SourceAccess() == "pending", "the new grant pending");
        Assert.Null(pending.SourceAccessReason());
        var secondGrant = await platform.GrantIdAsync(projectId);
        await using (var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase))
        {
            Assert.Equal(1L, await vault.ScalarAsync($"SELECT count(*) FROM credentials WHERE project_id = '{projectId}' AND kind = 'SourceAccessGrant'"));
            Assert.Equal("svc-migration@contoso.com", await vault.ScalarAsync($"SELECT username FROM credentials WHERE id = '{secondGrant}'"));
            Assert.Equal("Operator", await vault.ScalarAsync($"SELECT submitted_by FROM credentials WHERE id = '{secondGrant}'"));
        }

        await platform.PublishOneAsync(SourceAccessCalls.GrantChecked(operatorId, projectId, secondGrant, null));
        await platform.ProjectWhenAsync(key, projectId, p => p.SourceAccess() == "verified", "the new grant verified");
        var stale = await platform.PublishOneAsync(SourceAccessCalls.GrantChecked(operatorId, projectId, first, SourceAccessReasons.ConsentMissing));
        await platform.WaitUntilHandledAsync(ResourceNames.MigrationsDatabase, stale);
        Assert.Equal("verified", (await platform.ProjectAsync(key, projectId)).SourceAccess());

        // The source-access service reads the grant through the vault's internal API with its own identity.
        using var sourceAccess = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.SourceAccess);
        using var read = await sourceAccess.GetAsync($"/internal/credentials/{secondGrant}?reason=preflight", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var secret = await read.ReadJsonAsync();
        Assert.Equal("Second-Adm1n", secret["password"]!.GetValue<string>());
        Assert.Equal("sourceAccessGrant", secret["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Office365_and_google_take_their_own_grants_and_refuse_wrong_fields_password_projects_others_and_completed_projects()
    {
        var (_, key) = await platform.CreateOperatorAsync("Grants by kind");
        var (_, otherKey) = await platform.CreateOperatorAsync("Grants of others");
        var office365 = await platform.CreateProjectAsync(key, ProjectJson.With("office365", "impersonation", migrationType: "dataOnly",
            extraSource: """, "tenantId": "11111111-2222-3333-4444-555555555555" """));
        var google = await platform.CreateProjectAsync(key, ProjectJson.With("google", "oauth", migrationType: "dataOnly",
            extraSource: """, "googleDomain": "fabrikam.com" """));
        var password = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);

        using (var app = await platform.PutGrantAsync(key, office365, """{ "clientId": "0f1e2d3c-aaaa-bbbb-cccc-001122334455", "clientSecret": "App-S3cret" }"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, app.StatusCode);
        }
        using (var wrong = await platform.PutGrantAsync(key, office365, """{ "username": "admin@fabrikam.com", "password": "App-S3cret" }"""))
        {
            var problem = await wrong.AssertProblemAsync(HttpStatusCode.BadRequest);
            var errors = problem["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("clientId") && errors.ContainsKey("clientSecret") && errors.ContainsKey("username"), problem.ToJsonString());
            Assert.DoesNotContain("App-S3cret", problem.ToJsonString());
        }

        var key1 = SourceAccessCalls.ServiceAccountJson("key-one");
        using (var serviceAccount = await platform.PutGrantAsync(key, google, System.Text.Json.JsonSerializer.Serialize(new { serviceAccountJson = key1 })))
        {
            Assert.Equal(HttpStatusCode.Accepted, serviceAccount.StatusCode);
            Assert.DoesNotContain("PRIVATE KEY", await serviceAccount.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        using (var notAKey = await platform.PutGrantAsync(key, google, """{ "serviceAccountJson": "{\"type\":\"authorized_user\",\"client_secret\":\"Not-4-Key\"}" }"""))
        {
            var problem = await notAKey.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("serviceAccountJson"));
            Assert.DoesNotContain("Not-4-Key", problem.ToJsonString());
        }
        await using (var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase))
        {
            Assert.Equal("0f1e2d3c-aaaa-bbbb-cccc-001122334455", await vault.ScalarAsync($"SELECT username FROM credentials WHERE mailbox_id = '{office365}'"));
            Assert.Equal("migrator@contoso-migration.iam.gserviceaccount.com", await vault.ScalarAsync($"SELECT username FROM credentials WHERE mailbox_id = '{google}'"));
        }

        using (var noGrant = await platform.PutGrantAsync(key, password, """{ "username": "admin@contoso.com", "password": "Admin-Passw0rd" }"""))
        {
            Assert.Equal("R2", (await noGrant.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["rule"]!.GetValue<string>());
        }
        using (var foreign = await platform.PutGrantAsync(otherKey, office365, """{ "clientId": "app", "clientSecret": "App-S3cret" }"""))
        {
            await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        using (var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{office365}/complete", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }
        using (var completed = await platform.PutGrantAsync(key, office365, """{ "clientId": "app", "clientSecret": "App-S3cret" }"""))
        {
            await completed.AssertProblemAsync(HttpStatusCode.Conflict);
        }
    }
}
