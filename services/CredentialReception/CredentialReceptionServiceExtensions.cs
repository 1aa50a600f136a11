using Azure.Identity;
using MassTransit;
using Microsoft.Extensions.Options;
using Migration.Contracts;
using Migration.CredentialReception.Api;
using Migration.CredentialReception.Consumers;
using Migration.CredentialReception.Copies;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Purge;
using Migration.CredentialReception.Reception;
using Migration.CredentialReception.Vault;
using Migration.Messaging;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception;

public static class CredentialReceptionServiceExtensions
{
    public static IHostApplicationBuilder AddCredentialReceptionServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.AddForwardedOperatorAuthentication();
        builder.Services.AddApiOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddDatabaseWithMessaging<CredentialsDbContext>(ResourceNames.CredentialReceptionDatabase, ResourceNames.CredentialReception, AddConsumers);

        builder.Services.AddOptions<VaultOptions>().BindConfiguration("Vault");
        builder.Services.AddHttpClient(nameof(AzureKeyVaultKeyProvider));
        builder.Services.AddSingleton(KeyProvider);
        builder.Services.AddSingleton<DataKeyCache>();
        builder.Services.AddScoped<CredentialVault>();
        builder.Services.AddScoped<CredentialWriter>();
        builder.Services.AddScoped<CredentialIntake>();
        builder.Services.AddScoped<CredentialPurger>();
        builder.Services.AddHostedService<RetentionPurgeService>();
        builder.Services.AddOptions<ReceptionOptions>().BindConfiguration("Reception");
        builder.Services.AddScoped<EndUserLookup>();
        builder.Services.AddScoped<ReceptionTokens>();
        builder.Services.AddScoped<ReceptionIntake>();
        builder.Services.AddScoped<ProjectCopy>();
        builder.AddInternalServiceClient<ProjectOwner>(ResourceNames.MigrationsService);
        return builder;
    }

    public static WebApplication MapCredentialReceptionApi(this WebApplication app)
    {
        app.MapManualEntryApi();
        app.MapSourceAccessGrantApi();
        app.MapBulkCredentialsApi();
        app.MapInternalCredentialsApi();
        app.MapInvitationsApi();
        app.MapReceptionApi();
        app.MapReceptionPage();
        app.MapInternalReceptionApi();
        app.MapInternalProjectsApi();
        app.MapBenchmarkBaselineApi(app.Configuration);
        return app;
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProjectCreatedConsumer>();
        bus.AddConsumer<MailboxesAddedConsumer>();
        bus.AddConsumer<ProjectCompletedConsumer>();
        bus.AddConsumer<SourceAccessFailedConsumer>();
        // A CSV upload's checks finish by the thousand: batches of up to 100, collected for at most 20 ms.
        bus.AddConsumer<SourceAccessVerifiedConsumer>(consumer =>
            consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2)));
        bus.AddConsumer<ProvisioningFailedConsumer>();
    }

    /// <summary>The key-encryption key provider that configuration names: a local key file, or Azure Key Vault.</summary>
    private static IKeyEncryptionKeyProvider KeyProvider(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<VaultOptions>>().Value;
        return options.KeyProvider.ToLowerInvariant() switch
        {
            "local" => new LocalKeyFileProvider(options.LocalKeyFile
                                                ?? throw new InvalidOperationException("Vault:LocalKeyFile is not configured.")),
            "azurekeyvault" => new AzureKeyVaultKeyProvider(
                services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureKeyVaultKeyProvider)),
                new DefaultAzureCredential(),
                options.AzureKeyVaultKeyId ?? throw new InvalidOperationException("Vault:AzureKeyVaultKeyId is not configured.")),
            _ => throw new InvalidOperationException($"Vault:KeyProvider '{options.KeyProvider}' is neither local nor azureKeyVault."),
        };
    }
}
