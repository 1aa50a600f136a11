using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Migration.Gateway.Health;

/// <summary>The gateway is healthy only when every service it routes to answers its own /health.</summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory clients, string service) : IHealthCheck
{
    public const string ClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync($"http://{service}/health", cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{service} is unreachable.");
        }
    }
}
