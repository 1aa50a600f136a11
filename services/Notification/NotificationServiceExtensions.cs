using MassTransit;
using Migration.Contracts;
using Migration.Messaging;
using Migration.Notification.Consumers;
using Migration.Notification.Data;
using Migration.Notification.Email;
using Migration.ServiceDefaults.Auth;

namespace Migration.Notification;

public static class NotificationServiceExtensions
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDatabaseWithMessaging<NotificationDbContext>(ResourceNames.NotificationDatabase, ResourceNames.Notification, AddConsumers);

        builder.Services.AddOptions<SmtpOptions>().BindConfiguration("Smtp");
        builder.Services.AddSingleton<SmtpSender>();
        builder.Services.AddScoped<EndUserMailer>();
        builder.AddInternalServiceClient<EndUserContacts>(ResourceNames.CredentialReception);
        return builder;
    }

    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EndUserInvitationRequestedConsumer>();
        bus.AddConsumer<EndUserCredentialsCompletedConsumer>();
        bus.AddConsumer<ProjectCompletedConsumer>();
        bus.AddConsumer<CompletionNoticeRequestedConsumer>();
    }
}
