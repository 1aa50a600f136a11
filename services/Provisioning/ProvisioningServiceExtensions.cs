using MassTransit;
using Migration.Contracts;
using Migration.Messaging;
using Migration.Messaging.Redelivery;
using Migration.Provisioning.Consumers;
using Migration.Provisioning.Data;
using Migration.Provisioning.Graph;
using Migration.Provisioning.Jobs;
using Migration.Provisioning.Quotas;
using Migration.ServiceDefaults.Vault;
using Migration.ServiceDefaults.Auth;

namespace Migration.Provisioning;

public static class ProvisioningServiceExtensions
{
    public static IHostApplicationBuilder AddProvisioningServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabaseWithMessaging<ProvisioningDbContext>(ResourceNames.ProvisioningDatabase, ResourceNames.Provisioning, AddConsumers);
        builder.AddInternalServiceClient<VaultCredentials>(ResourceNames.CredentialReception);

        builder.Services.AddOptions<GraphOptions>().BindConfiguration("Provisioning:Graph");
        builder.Services.AddOptions<JobOptions>().BindConfiguration("Provisioning:Jobs");
        builder.Services.AddOptions<QuotaOptions>().BindConfiguration("Provisioning:Quotas");
        builder.Services.AddGraphHttpClients();
        builder.Services.AddSingleton<GraphClients>().AddSingleton<DestinationGraph>().AddSingleton<ThrottleBlocks>();

        builder.Services.AddScoped<JobQueue>().AddScoped<WriteQuotas>().AddScoped<JobRunner>();
        builder.Services.AddHostedService<JobWorker>();
        builder.Services.AddScoped<IAbandonedMessageHandler, AbandonedRequestHandler>();
        return builder;
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProvisioningRequestedConsumer>(consumer =>
            consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2)));
        bus.AddConsumer<ProjectCompletedConsumer>();
    }
}
