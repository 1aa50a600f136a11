using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Vault;

namespace Migration.CredentialReception.Purge;

/// <summary>Purges, at the latest, the credentials of projects older than the retention period.</summary>
public sealed partial class RetentionPurgeService(IServiceScopeFactory scopes, IOptions<VaultOptions> options, TimeProvider clock,
    ILogger<RetentionPurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionCheckInterval, clock);
        do
        {
            try
            {
                var purged = await PurgeExpiredAsync(stoppingToken);
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Purges each expired project in its own transaction; returns how many were purged.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredentialsDbContext>();
        var expired = await db.Projects.AsNoTracking().Where(p => p.PurgedAt == null && p.CreatedAt < cutoff)
            .Select(p => new { p.Id, p.OperatorId }).ToListAsync(cancellationToken);
        foreach (var project in expired)
        {
            await using var projectScope = scopes.CreateAsyncScope();
            var projectDb = projectScope.ServiceProvider.GetRequiredService<CredentialsDbContext>();
            await using var transaction = await projectDb.Database.BeginTransactionAsync(cancellationToken);
            await projectScope.ServiceProvider.GetRequiredService<CredentialPurger>()
                .PurgeAsync(project.OperatorId, project.Id, clock.GetUtcNow(), "retentionExpired", Guid.CreateVersion7(), cancellationToken);
            await projectDb.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return expired.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged the credentials of {Count} project(s) past the retention period")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed ({ErrorType}); retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, string errorType);
}
