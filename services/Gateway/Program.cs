using Migration.Gateway;
using Migration.Gateway.Api;
using Migration.Gateway.Data;
using Migration.Gateway.OpenApi;
using Migration.ServiceDefaults.Data;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<GatewayDbContext>(args))
{
    return;
}

app.UseGatewayPipeline();

app.MapDefaultEndpoints();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapMergedOpenApi();
app.MapScalarApiReference("/docs", options => options.AddDocument("v1", "Migration credentials platform API", MergedOpenApiDocument.PublicPath));
app.MapOperatorsApi();
app.MapReverseProxy();

app.Run();
