using Microsoft.Extensions.Options;
using Migration.Provisioning.Data;
using Migration.Provisioning.Graph;

namespace Migration.Provisioning.Jobs;

/// <summary>
/// Runs due jobs, up to <see cref="JobOptions.Workers"/> at once in this replica. Each free worker takes the next tenant
/// with due jobs in turn (round-robin over the tenants that have work, so every tenant gets its share of the app-wide write
/// quota however many mailboxes the others have), claims that tenant's next job and runs it, renewing the claim while it
/// runs so that only a dead replica's claim lapses.
/// </summary>
public sealed partial class JobWorker(IServiceScopeFactory scopes, GraphClients clients, IOptions<JobOptions> options,
    IOptions<Quotas.QuotaOptions> quotas, ILogger<JobWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan TenantListAge = TimeSpan.FromMilliseconds(500);
    private readonly Lock _tenantsLock = new();
    private List<string> _tenants = [];
    private DateTime _tenantsAt = DateTime.MinValue;
    private int _rotation;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var workers = new SemaphoreSlim(settings.Workers);
        // No job is taken once the replica is told to stop; those under way get StopGrace to finish before they are cancelled.
        using var finishing = new CancellationTokenSource();
        await using (stoppingToken.Register(() => finishing.CancelAfter(settings.StopGrace)))
        {
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await workers.WaitAsync(stoppingToken);
                    var job = await TryClaimAsync(settings, stoppingToken);
                    if (job is null)
                    {
                        workers.Release();
                        await Task.Delay(settings.PollInterval, stoppingToken);
                        continue;
                    }
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await RunAsync(job, settings, finishing.Token);
                        }
                        finally
                        {
                            workers.Release();
                        }
                    }, CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            // Every worker back: the jobs under way have ended, finished or cancelled.
            for (var i = 0; i < settings.Workers; i++)
            {
                await workers.WaitAsync(CancellationToken.None);
            }
        }
    }

    private async Task<ProvisioningJob?> TryClaimAsync(JobOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            var tenants = await TenantsAsync(queue, refresh: false, cancellationToken);
            for (var pass = 0; pass < 2; pass++)
            {
                var start = Interlocked.Increment(ref _rotation);
                for (var i = 0; i < tenants.Count; i++)
                {
                    var tenant = tenants[(int)((uint)(start + i) % tenants.Count)];
                    if (await queue.ClaimAsync(tenant, settings.ClaimDuration, cancellationToken) is { } job)
                    {
                        return job;
                    }
                }
                // Nothing left where the list said: it is old; look once more.
                tenants = await TenantsAsync(queue, refresh: true, cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogLookFailed(logger, ex.GetType().Name);
        }
        return null;
    }

    private async Task<List<string>> TenantsAsync(JobQueue queue, bool refresh, CancellationToken cancellationToken)
    {
        lock (_tenantsLock)
        {
            if (!refresh && DateTime.UtcNow - _tenantsAt < TenantListAge)
            {
                return _tenants;
            }
        }
        var tenants = await queue.DueTenantsAsync(clients.AppId.Trim().ToLowerInvariant(), quotas.Value.MaxWaitInWorker, cancellationToken);
        lock (_tenantsLock)
        {
            (_tenants, _tenantsAt) = (tenants, DateTime.UtcNow);
        }
        return tenants;
    }

    private async Task RunAsync(ProvisioningJob job, JobOptions settings, CancellationToken cancellationToken)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(job.MailboxId, settings.ClaimDuration, renewal.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobRunner>().RunAsync(job, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The claim lapses and the job is taken up again after the claim duration.
            LogJobFailed(logger, job.MailboxId, ex.GetType().Name, ex);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewAsync(Guid mailboxId, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(duration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await using var scope = scopes.CreateAsyncScope();
                await JobQueue.RenewClaimAsync(scope.ServiceProvider.GetRequiredService<ProvisioningDbContext>(), mailboxId, duration, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogJobFailed(logger, mailboxId, ex.GetType().Name, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due provisioning jobs failed ({ExceptionType}); trying again.")]
    private static partial void LogLookFailed(ILogger logger, string exceptionType);

    // Logged with its stack: the runner's exceptions never carry a password (Graph faults name the status and code only).
    [LoggerMessage(Level = LogLevel.Error, Message = "The provisioning job of mailbox {MailboxId} failed ({ExceptionType}); its claim lapses and it runs again.")]
    private static partial void LogJobFailed(ILogger logger, Guid mailboxId, string exceptionType, Exception? exception);
}
