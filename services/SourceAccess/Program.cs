using Migration.ServiceDefaults.Data;
using Migration.SourceAccess;
using Migration.SourceAccess.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSourceAccessServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<SourceAccessDbContext>(args))
{
    return;
}

app.MapDefaultEndpoints();
app.Run();
