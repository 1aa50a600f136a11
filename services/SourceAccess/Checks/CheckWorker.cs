using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Checks;

/// <summary>
/// Runs due checks, up to <see cref="CheckOptions.Workers"/> at once in this replica. A worker first takes one of a due
/// source's concurrency slots (shared with every replica), then runs that source's due checks one after the other while
/// it holds the slot, renewing the slot and its current claim so that a long check (retries, Retry-After) keeps both.
/// </summary>
public sealed partial class CheckWorker(IServiceScopeFactory scopes, IOptions<CheckOptions> options, ILogger<CheckWorker> logger) : BackgroundService
{
    private readonly string _replica = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private int _rotation;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var workers = new SemaphoreSlim(settings.Workers);
        while (!stoppingToken.IsCancellationRequested)
        {
            await workers.WaitAsync(stoppingToken);
            var lease = await TryLeaseAsync(settings, stoppingToken);
            if (lease is null)
            {
                workers.Release();
                await Task.Delay(settings.PollInterval, stoppingToken);
                continue;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    await DrainAsync(lease, settings, stoppingToken);
                }
                finally
                {
                    workers.Release();
                }
            }, CancellationToken.None);
        }
    }

    private sealed record Lease(string SourceKey, int Slot, string Holder, bool GrantDue);

    private async Task<Lease?> TryLeaseAsync(CheckOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<CheckQueue>();
            var leases = scope.ServiceProvider.GetRequiredService<SourceLeases>();
            var due = await queue.DueSourcesAsync(cancellationToken);
            var start = Interlocked.Increment(ref _rotation);
            for (var i = 0; i < due.Count; i++)
            {
                var source = due[(start + i) % due.Count];
                var holder = $"{_replica}:{Guid.NewGuid():N}";
                if (await leases.TryAcquireAsync(source.SourceKey, Math.Max(1, source.MaxConcurrency), holder, settings.LeaseDuration, cancellationToken) is { } slot)
                {
                    return new Lease(source.SourceKey, slot, holder, source.GrantDue);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogLookFailed(logger, ex.GetType().Name);
        }
        return null;
    }

    private async Task DrainAsync(Lease lease, CheckOptions settings, CancellationToken cancellationToken)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var current = new StrongBox<Guid?>();
        var renewing = RenewAsync(lease, current, settings.LeaseDuration, renewal.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<CheckQueue>();
            var runner = scope.ServiceProvider.GetRequiredService<CheckRunner>();
            for (var done = 0; done < settings.ChecksPerLease; done++)
            {
                var check = await queue.ClaimAsync(lease.SourceKey, lease.GrantDue, settings.LeaseDuration, cancellationToken);
                if (check is null)
                {
                    break;
                }
                current.Value = check.MailboxId ?? check.ProjectId;
                await runner.RunAsync(check, cancellationToken);
                current.Value = null;
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The claim lapses and the check is taken up again after the lease duration.
            LogCheckFailed(logger, lease.SourceKey, ex.GetType().Name, ex);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
            try
            {
                await using var releaseScope = scopes.CreateAsyncScope();
                await releaseScope.ServiceProvider.GetRequiredService<SourceLeases>().ReleaseAsync(lease.SourceKey, lease.Slot, lease.Holder, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogCheckFailed(logger, lease.SourceKey, ex.GetType().Name, null);
            }
        }
    }

    /// <summary>Keeps the slot, and the claim of the check in progress, while it runs.</summary>
    private async Task RenewAsync(Lease lease, StrongBox<Guid?> current, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(duration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SourceAccessDbContext>();
                await scope.ServiceProvider.GetRequiredService<SourceLeases>().RenewAsync(lease.SourceKey, lease.Slot, lease.Holder, duration, cancellationToken);
                if (current.Value is { } id)
                {
                    await CheckQueue.RenewClaimAsync(db, id, duration, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogCheckFailed(logger, lease.SourceKey, ex.GetType().Name, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due source checks failed ({ExceptionType}); trying again.")]
    private static partial void LogLookFailed(ILogger logger, string exceptionType);

    // The exception is logged for its stack: the verifiers never put a secret into an exception (their messages are
    // their own), and the runner catches what a verifier throws before it gets here.
    [LoggerMessage(Level = LogLevel.Error, Message = "A check of source {SourceKey} failed ({ExceptionType}); its claim lapses and it runs again.")]
    private static partial void LogCheckFailed(ILogger logger, string sourceKey, string exceptionType, Exception? exception);
}
