using MassTransit;
using Migration.Contracts;
using Migration.Messaging;
using Migration.Notification.Consumers;
using Migration.Notification.Consumers.Webhooks;
using Migration.Notification.Data;
using Migration.Notification.Email;
using Migration.Notification.Webhooks;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Notification;

public static class NotificationServiceExtensions
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.AddForwardedOperatorAuthentication();
        builder.Services.AddApiOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabaseWithMessaging<NotificationDbContext>(ResourceNames.NotificationDatabase, ResourceNames.Notification, AddConsumers);

        builder.Services.AddOptions<SmtpOptions>().BindConfiguration("Smtp");
        builder.Services.AddSingleton<SmtpSender>();
        builder.Services.AddScoped<EndUserMailer>();
        builder.AddInternalServiceClient<EndUserContacts>(ResourceNames.CredentialReception);
        AddWebhooks(builder);
        return builder;
    }

    private static void AddWebhooks(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.SecretKey is { Length: >= 32 }, $"{WebhookOptions.Section}:SecretKey is required: at least 32 characters.")
            .Validate(o => o.MaxConcurrency > 0 && o.MaxConcurrencyPerSubscription > 0 && o.RequestTimeout > TimeSpan.Zero && o.FirstRetryDelay > TimeSpan.Zero,
                $"{WebhookOptions.Section}: MaxConcurrency, MaxConcurrencyPerSubscription, RequestTimeout and FirstRetryDelay are positive.")
            .Validate(o => AddressPolicy.ParseNetworks(o.AllowedNetworks) is not null, $"{WebhookOptions.Section}:AllowedNetworks are CIDR networks.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EndUserInvitationRequestedConsumer>();
        bus.AddConsumer<EndUserCredentialsCompletedConsumer>();
        bus.AddConsumer<ProjectCompletedConsumer>();
        bus.AddConsumer<CompletionNoticeRequestedConsumer>();
        bus.AddConsumer<MailboxReadyWebhookConsumer>();
        bus.AddConsumer<MailboxFailedWebhookConsumer>();
        bus.AddConsumer<ProjectReadyWebhookConsumer>();
        bus.AddConsumer<PasswordChangeDetectedWebhookConsumer>();
    }
}
