using Aspire.Hosting.Testing;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>Services behind the gateway trust the operator header only together with the service credential.</summary>
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
