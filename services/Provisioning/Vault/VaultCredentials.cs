using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Migration.Contracts.Internal;
using Migration.ServiceDefaults.Http;

namespace Migration.Provisioning.Vault;

/// <summary>The vault's internal credential read, with this service's own identity; the vault records every read.</summary>
public sealed class VaultCredentials(HttpClient http)
{
    private const string Reason = "destination account provisioning";
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    /// <summary>The credential, or null when it is gone (replaced or purged): then a newer request, or none, comes.</summary>
    public async Task<CredentialSecret?> ReadAsync(Guid credentialId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(CredentialSecret.Path(credentialId, Reason), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<CredentialSecret>(Json, cancellationToken);
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiDefaults.Configure(options);
        return options;
    }
}
