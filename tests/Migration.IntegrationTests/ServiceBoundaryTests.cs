using Aspire.Hosting.Testing;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>Services behind the gateway trust the operator header only on a call that the gateway's own credential authenticates.</summary>
public sealed class ServiceBoundaryTests(PlatformFixture platform)
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-the-credential")]
    public async Task A_request_that_bypasses_the_gateway_with_a_forged_operator_gets_401(string? credential)
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Bypassed");
        await platform.CreateProjectAsync(key);

        using var direct = platform.App.CreateHttpClient(ResourceNames.MigrationsService, "http");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/projects");
        request.Headers.Add(ServiceHeaders.OperatorId, operatorId);
        if (credential is not null)
        {
            request.Headers.Add(ServiceHeaders.ServiceCredential, credential);
        }
        using var response = await direct.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Contoso", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Only the gateway's identity may stamp an operator: another service's genuine credential does not make it one.</summary>
    [Theory]
    [InlineData(ResourceNames.Notification)]
    [InlineData(ResourceNames.SourceAccess)]
    [InlineData(ResourceNames.VaultOperations)]
    public async Task A_service_other_than_the_gateway_that_forwards_an_operator_gets_401_and_changes_nothing(string caller)
    {
        var (operatorId, key) = await platform.CreateOperatorAsync($"Impersonated by {caller}");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var mailbox = (await platform.AddMailboxesAsync(key, projectId, $"impersonated.{caller}@contoso.com"))[0].Id;

        using var vault = await platform.InternalClientAsync(ResourceNames.CredentialReception, caller);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailbox}/credentials/source")
        {
            Content = new StringContent("""{ "password": "planted" }""", System.Text.Encoding.UTF8, "application/json"),
        };
        put.Headers.Add(ServiceHeaders.OperatorId, operatorId);
        using var planted = await vault.SendAsync(put, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, planted.StatusCode);

        using var migrations = await platform.InternalClientAsync(ResourceNames.MigrationsService, caller);
        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1/projects");
        list.Headers.Add(ServiceHeaders.OperatorId, operatorId);
        using var listed = await migrations.SendAsync(list, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, listed.StatusCode);

        await using var db = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        Assert.Equal(0L, await CredentialsEndToEndTests.Scalar<long>(db, $"SELECT count(*) FROM credentials WHERE mailbox_id = '{mailbox}'"));
    }

    [Fact]
    public async Task The_gateways_own_credential_is_what_makes_a_forwarded_operator_trusted()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Forwarded");
        var projectId = await platform.CreateProjectAsync(key);

        using var asGateway = await platform.InternalClientAsync(ResourceNames.MigrationsService, ResourceNames.Gateway);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/projects");
        request.Headers.Add(ServiceHeaders.OperatorId, operatorId);
        using var response = await asGateway.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(projectId, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(BenchmarkBaseline.Path)]
    [InlineData(BenchmarkBaseline.WithEventPath)]
    public async Task The_benchmark_baseline_endpoints_exist_neither_in_the_service_nor_behind_the_gateway_in_a_normal_run(string path)
    {
        using var direct = platform.App.CreateHttpClient(ResourceNames.CredentialReception, "http");
        using var viaService = await direct.PostAsync(path, null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, viaService.StatusCode);

        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway, "http");
        using var viaGateway = await gateway.PostAsync(path, null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, viaGateway.StatusCode);
    }
}
