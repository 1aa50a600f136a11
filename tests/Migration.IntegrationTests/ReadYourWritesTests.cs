using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>
/// Once an operator has a 2xx answer, the operator's next call sees its effect, even where the next call is served by
/// the credential vault, which learns of projects and mailboxes from the migrations service's events. Every call here
/// is made straight after the one before, with no waiting.
/// </summary>
public sealed class ReadYourWritesTests(PlatformFixture platform)
{
    [Fact]
    public async Task Invitations_straight_after_an_import_reach_every_imported_mailbox()
    {
        var (_, key) = await platform.CreateOperatorAsync("Import then invite");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var csv = ConsistencyCalls.MailboxCsv(ConsistencyCalls.Addresses(200));
        using (var import = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, ConsistencyCalls.Csv(csv)))
        {
            Assert.Equal(200, (await import.ReadJsonAsync())["added"]!.GetValue<int>());
        }

        using var invite = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/invitations", key);

        Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        var answer = await invite.ReadJsonAsync();
        Assert.Equal(200, answer["invited"]!.GetValue<int>());
        Assert.Equal(0, answer["reminded"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invitations_and_credentials_straight_after_creating_a_project_find_it_and_its_mailboxes()
    {
        var (_, key) = await platform.CreateOperatorAsync("Create then use");
        var invitedProject = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        using (var invite = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{invitedProject}/invitations", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
            Assert.Equal(0, (await invite.ReadJsonAsync())["invited"]!.GetValue<int>());
        }

        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var addresses = ConsistencyCalls.Addresses(3);
        var mailboxes = await platform.ImportAsync(key, projectId, addresses);
        using (var put = await platform.PutSourceAsync(key, projectId, mailboxes[0].Id))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }
        using (var destination = await platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailboxes[1].Id}/credentials/destination", key,
                   new StringContent("""{ "password": "Destination-1" }""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, destination.StatusCode);
        }

        var bulkProject = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var bulkAddresses = ConsistencyCalls.Addresses(50);
        await platform.ImportAsync(key, bulkProject, bulkAddresses);
        using var bulk = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{bulkProject}/credentials", key,
            ConsistencyCalls.Csv(ConsistencyCalls.CredentialsCsv(bulkAddresses)));
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        var answer = await bulk.ReadJsonAsync();
        Assert.Equal(50, answer["accepted"]!.GetValue<int>());
        Assert.Empty(answer["rejected"]!.AsArray());
    }

    [Fact]
    public async Task Credential_calls_straight_after_complete_answer_409()
    {
        var (_, key) = await platform.CreateOperatorAsync("Complete then enter");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var addresses = ConsistencyCalls.Addresses(2);
        var mailboxes = await platform.ImportAsync(key, projectId, addresses);
        // The vault holds the project open before it is completed: only the completion can close it.
        using (var before = await platform.PutSourceAsync(key, projectId, mailboxes[0].Id))
        {
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        }

        using (var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/complete", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }

        using (var put = await platform.PutSourceAsync(key, projectId, mailboxes[1].Id))
        {
            await put.AssertProblemAsync(HttpStatusCode.Conflict);
        }
        using (var bulk = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/credentials", key,
                   ConsistencyCalls.Csv(ConsistencyCalls.CredentialsCsv(addresses))))
        {
            await bulk.AssertProblemAsync(HttpStatusCode.Conflict);
        }
        using (var invite = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/invitations", key))
        {
            await invite.AssertProblemAsync(HttpStatusCode.Conflict);
        }
    }

    [Fact]
    public async Task The_endpoints_that_keep_the_copy_current_answer_only_the_service_named_for_each()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Internal callers");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var projectPath = $"/internal/operators/{operatorId}/projects/{projectId}";

        using (var vault = await platform.InternalClientAsync(ResourceNames.MigrationsService, ResourceNames.CredentialReception))
        using (var owned = await vault.GetAsync(projectPath, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, owned.StatusCode);
        }
        using var notification = await platform.InternalClientAsync(ResourceNames.MigrationsService, ResourceNames.Notification);
        using (var refused = await notification.GetAsync(projectPath, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var notificationToVault = await platform.InternalClientAsync(ResourceNames.CredentialReception, ResourceNames.Notification);
        using (var refused = await notificationToVault.PostAsync($"/internal/projects/{projectId}/close",
                   new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var viaGateway = await platform.GetAsync(projectPath, key);
        Assert.Equal(HttpStatusCode.NotFound, viaGateway.StatusCode);
    }

    [Fact]
    public async Task Complete_straight_after_creating_a_project_closes_it_in_the_vault_too()
    {
        var (_, key) = await platform.CreateOperatorAsync("Create then complete");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailboxes = await platform.ImportAsync(key, projectId, ConsistencyCalls.Addresses(1));
        using (var complete = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/complete", key))
        {
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }
        using var put = await platform.PutSourceAsync(key, projectId, mailboxes[0].Id);
        await put.AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
