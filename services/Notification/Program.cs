using Migration.Notification;
using Migration.Notification.Data;
using Migration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotificationServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<NotificationDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.Run();
