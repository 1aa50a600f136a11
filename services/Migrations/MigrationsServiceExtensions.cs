using MassTransit;
using Migration.Contracts;
using Migration.Messaging;
using Migration.Messaging.Redelivery;
using Migration.Migrations.Consumers;
using Migration.Migrations.Data;
using Migration.Migrations.Import;
using Migration.Migrations.Vault;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations;

public static class MigrationsServiceExtensions
{
    public static IHostApplicationBuilder AddMigrationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.AddForwardedOperatorAuthentication();
        builder.Services.AddApiOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddDatabaseWithMessaging<MigrationsDbContext>(ResourceNames.MigrationsDatabase, ResourceNames.MigrationsService, AddConsumers);
        builder.Services.AddScoped<IAbandonedMessageHandler, AbandonedMailboxMessageHandler>();
        builder.Services.AddScoped<MailboxImporter>();
        builder.AddInternalServiceClient<VaultProjects>(ResourceNames.CredentialReception);
        return builder;
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        // Batches of up to 100, collected for at most 20 ms: a lone submission still shows within moments.
        bus.AddConsumer<CredentialSubmittedConsumer>(consumer =>
            consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2)));
        bus.AddConsumer<CredentialsPurgedConsumer>();
        bus.AddConsumer<SourceAccessFailedConsumer>();
        bus.AddConsumer<SourceAccessVerifiedConsumer>(consumer =>
            consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2)));
        bus.AddConsumer<SourceAccessGrantSubmittedConsumer>();
        bus.AddConsumer<SourceAccessGrantCheckedConsumer>();
        bus.AddConsumer<DestinationAccountProvisionedConsumer>();
        bus.AddConsumer<DestinationPasswordSetConsumer>();
        bus.AddConsumer<ProvisioningFailedConsumer>();
    }
}
