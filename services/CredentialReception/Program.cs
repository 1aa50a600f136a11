using Migration.CredentialReception;
using Migration.CredentialReception.Data;
using Migration.Messaging.Idempotency;
using Migration.CredentialReception.Vault;
using Migration.ServiceDefaults.Data;
using Migration.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCredentialReceptionServices();

var app = builder.Build();
if (await app.MigrateDatabaseIfAskedAsync<CredentialsDbContext>(args))
{
    return;
}
await app.EnsureKeyEncryptionKeysAsync();

app.UseApiDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotencyKeys<CredentialsDbContext>();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapCredentialReceptionApi();

app.Run();
