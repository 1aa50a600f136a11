using MassTransit;
using Migration.Contracts;
using Migration.Messaging;
using Migration.Messaging.Redelivery;
using Migration.ServiceDefaults.Auth;
using Migration.SourceAccess.Checks;
using Migration.SourceAccess.Consumers;
using Migration.SourceAccess.Data;
using Migration.ServiceDefaults.Vault;
using Migration.SourceAccess.Verification;
using Migration.SourceAccess.Verification.Google;
using Migration.SourceAccess.Verification.Imap;

namespace Migration.SourceAccess;

public static class SourceAccessServiceExtensions
{
    public static IHostApplicationBuilder AddSourceAccessServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabaseWithMessaging<SourceAccessDbContext>(ResourceNames.SourceAccessDatabase, ResourceNames.SourceAccess, AddConsumers);
        builder.AddInternalServiceClient<VaultCredentials>(ResourceNames.CredentialReception);

        builder.Services.AddOptions<SourceEndpointOptions>().BindConfiguration("SourceAccess:Endpoints");
        builder.Services.AddOptions<VerificationRetryOptions>().BindConfiguration("SourceAccess:Retries");
        builder.Services.AddOptions<CheckOptions>().BindConfiguration("SourceAccess:Checks");
        builder.Services.AddSourceHttpClient();
        builder.Services.AddImapVerifier().AddMicrosoftVerifiers().AddGoogleVerifier();
        builder.Services.AddSingleton<ResilientVerifier>();

        builder.Services.AddScoped<CheckQueue>().AddScoped<SourceLeases>().AddScoped<CheckRunner>();
        builder.Services.AddHostedService<CheckWorker>();
        builder.Services.AddScoped<IAbandonedMessageHandler, AbandonedCheckHandler>();
        return builder;
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProjectCreatedConsumer>();
        bus.AddConsumer<MailboxesAddedConsumer>();
        // A CSV upload brings thousands of credentials at once: batches of up to 100, collected for at most 20 ms.
        bus.AddConsumer<CredentialSubmittedConsumer>(consumer =>
            consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2)));
        bus.AddConsumer<SourceAccessGrantSubmittedConsumer>();
        bus.AddConsumer<SourceVerificationRequestedConsumer>();
        bus.AddConsumer<ProjectCompletedConsumer>();
    }
}
