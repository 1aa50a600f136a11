using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Migration.Contracts;

namespace Migration.ServiceDefaults.Data;

public static class DatabaseMigration
{
    /// <summary>
    /// Started with <c>--migrate</c>, the service applies its EF Core migrations and answers true, and the caller
    /// exits: this is the AppHost's migration step, which the service itself waits for. Call it straight after
    /// Build, before endpoints resolve services that a migration run has no configuration for (the broker).
    /// </summary>
    public static async Task<bool> MigrateDatabaseIfAskedAsync<TDbContext>(this WebApplication app, string[] args) where TDbContext : DbContext
    {
        if (!args.Contains(ServiceArguments.Migrate))
        {
            return false;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigration));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.MigrateAsync();
                logger.LogInformation("Database migrations of {DbContext} applied", typeof(TDbContext).Name);
                return true;
            }
            catch (Npgsql.NpgsqlException ex) when (attempt < 20 && ex.IsTransient)
            {
                logger.LogWarning("Database not reachable yet (attempt {Attempt})", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
            }
        }
    }
}
