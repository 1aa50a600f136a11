using Migration.Provisioning;
using Migration.Provisioning.Data;
using Migration.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddProvisioningServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<ProvisioningDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.Run();
