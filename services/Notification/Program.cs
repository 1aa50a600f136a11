using Migration.Notification;
using Migration.Notification.Api;
using Migration.Notification.Data;
using Migration.ServiceDefaults.Data;
using Migration.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotificationServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<NotificationDbContext>(args))
{
    return;
}

app.UseApiDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapWebhooksApi();
app.Run();
