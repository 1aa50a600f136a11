using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Migration.Contracts.Internal;
using Migration.ServiceDefaults.Http;

namespace Migration.ServiceDefaults.Vault;

/// <summary>
/// The vault's internal credential read, with the calling service's own identity (register it with
/// <c>AddInternalServiceClient&lt;VaultCredentials&gt;(ResourceNames.CredentialReception)</c>); the vault records every read
/// with its reason.
/// </summary>
public sealed class VaultCredentials(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    /// <summary>The credential, or null when it is gone (replaced or purged).</summary>
    public async Task<CredentialSecret?> ReadAsync(Guid credentialId, string reason, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(CredentialSecret.Path(credentialId, reason), cancellationToken);
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
