using Migration.SourceAccess;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSourceAccessServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
