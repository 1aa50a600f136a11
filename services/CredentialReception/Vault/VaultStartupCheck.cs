using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.CredentialReception.Data;

namespace Migration.CredentialReception.Vault;

public static class VaultStartupCheck
{
    /// <summary>
    /// Before the service takes its first request: with a local key file, every key version that wraps a data key in the
    /// database must be in the file, or the service refuses to start (see <see cref="LocalKeyFileProvider.EnsureHoldsVersions"/>).
    /// </summary>
    public static async Task EnsureKeyEncryptionKeysAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<VaultOptions>>().Value;
        if (!options.KeyProvider.Equals("local", StringComparison.OrdinalIgnoreCase) || options.LocalKeyFile is null)
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredentialsDbContext>();
        var versionsInUse = await db.DataKeys.Select(k => k.KeyEncryptionKeyVersion).Distinct().ToListAsync();
        LocalKeyFileProvider.EnsureHoldsVersions(options.LocalKeyFile, versionsInUse);
        // Created here, after the check, so that a first start makes the file before any request needs it.
        app.Services.GetRequiredService<IKeyEncryptionKeyProvider>();
    }
}
