using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Messaging;
using Migration.Notification.Consumers;
using Migration.Notification.Data;
using Migration.Notification.Email;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Data;

namespace Migration.Notification;

public static class NotificationServiceExtensions
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        var credential = builder.AddServiceCredential();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContextPool<NotificationDbContext>((services, options) => options
            .UseNpgsql(builder.Configuration.GetDatabaseConnectionString(ResourceNames.NotificationDatabase))
            .AddOutboxSignal(services));
        builder.EnrichNpgsqlDbContext<NotificationDbContext>(settings => settings.DisableRetry = true);
        builder.AddMessaging<NotificationDbContext>(EndUserContacts.ServiceName, bus =>
        {
            bus.AddConsumer<EndUserInvitationRequestedConsumer>();
            bus.AddConsumer<EndUserCredentialsCompletedConsumer>();
            bus.AddConsumer<ProjectCompletedConsumer>();
        });

        builder.Services.AddOptions<SmtpOptions>().BindConfiguration("Smtp");
        builder.Services.AddSingleton<SmtpSender>();
        builder.Services.AddScoped<EndUserMailer>();
        builder.Services.AddHttpClient<EndUserContacts>(http => EndUserContacts.Configure(http, credential.Value));
        return builder;
    }
}
