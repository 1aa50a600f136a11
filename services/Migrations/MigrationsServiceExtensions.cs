using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Messaging;
using Migration.Migrations.Consumers;
using Migration.Migrations.Data;
using Migration.Migrations.Import;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations;

public static class MigrationsServiceExtensions
{
    public const string ServiceName = "migrations";

    public static IHostApplicationBuilder AddMigrationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.AddForwardedOperatorAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);

        var connectionString = builder.Configuration.GetDatabaseConnectionString(ResourceNames.MigrationsDatabase);
        builder.Services.AddDbContextPool<MigrationsDbContext>((services, options) => options
            .UseNpgsql(connectionString)
            .AddOutboxSignal(services));
        // Aspire adds health checks and telemetry; retries stay off because the services use explicit transactions.
        builder.EnrichNpgsqlDbContext<MigrationsDbContext>(settings => settings.DisableRetry = true);

        builder.AddMessaging<MigrationsDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<CredentialSubmittedConsumer>();
            bus.AddConsumer<CredentialsPurgedConsumer>();
            bus.AddConsumer<SourceAccessFailedConsumer>();
        });
        builder.Services.AddScoped<MailboxImporter>();
        return builder;
    }
}
