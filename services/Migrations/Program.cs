using Migration.Messaging.Idempotency;
using Migration.Migrations;
using Migration.Migrations.Api;
using Migration.Migrations.Data;
using Migration.ServiceDefaults.Data;
using Migration.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMigrationsServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<MigrationsDbContext>(args))
{
    return;
}

app.UseApiDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotencyKeys<MigrationsDbContext>();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapProjectsApi();
app.MapMailboxesApi();
app.MapReadinessApi();
app.MapInternalProjectsApi();

app.Run();
