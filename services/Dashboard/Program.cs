using Migration.Dashboard;
using Migration.Dashboard.Data;
using Migration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboardServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<DashboardDbContext>(args))
{
    FirstDataProtectionKey.CreateIfNone(app.Services);
    return;
}

app.UseDashboardPipeline();
app.MapDefaultEndpoints();
app.MapDashboard();
app.Run();
