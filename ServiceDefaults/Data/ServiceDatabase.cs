using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Migration.ServiceDefaults.Data;

public static class ServiceDatabase
{
    /// <summary>
    /// A service's pooled DbContext on its PostgreSQL database (the connection string <paramref name="connectionName"/>),
    /// with Aspire's health checks and telemetry; <paramref name="configure"/> adds to the options (interceptors).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder, string connectionName,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure = null)
        where TDbContext : DbContext
    {
        builder.Services.AddDbContextPool<TDbContext>((services, options) =>
        {
            options.UseNpgsql(builder.Configuration.GetDatabaseConnectionString(connectionName));
            configure?.Invoke(services, options);
        });
        // Aspire adds health checks and telemetry; retries stay off because the services use explicit transactions.
        builder.EnrichNpgsqlDbContext<TDbContext>(settings => settings.DisableRetry = true);
        return builder;
    }
}
