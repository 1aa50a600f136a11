using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Migration.AppHost.Infrastructure;

/// <summary>
/// Polls a probe every 250 ms for up to five seconds before answering: Aspire re-checks an unhealthy resource
/// with a back-off of several seconds, so answering at once would add that back-off to every start.
/// </summary>
public sealed class PollingHealthCheck(Func<CancellationToken, Task<bool>> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            try
            {
                if (await probe(cancellationToken))
                {
                    return HealthCheckResult.Healthy();
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                // Not up yet.
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy(ex.GetType().Name);
            }
            if (DateTime.UtcNow >= deadline)
            {
                return HealthCheckResult.Unhealthy("Not answering yet.");
            }
            await Task.Delay(250, cancellationToken);
        }
    }
}
