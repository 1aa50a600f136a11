using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;

namespace Migration.CredentialReception.Vault;

/// <summary>
/// Wraps data keys with an RSA key in Azure Key Vault (RSA-OAEP-256), through Key Vault's REST API: the
/// Azure.Security.KeyVault.Keys package is not obtainable here, and these four operations are all the vault needs.
/// The key's versions are Key Vault's; rotation asks Key Vault for a new version.
/// </summary>
public sealed class AzureKeyVaultKeyProvider(HttpClient http, TokenCredential credential, string keyId) : IKeyEncryptionKeyProvider
{
    private const string ApiVersion = "7.4";
    private const string Algorithm = "RSA-OAEP-256";
    private static readonly TokenRequestContext Scope = new(["https://vault.azure.net/.default"]);
    private readonly string _keyId = keyId.TrimEnd('/');

    public async Task<string> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        var key = await SendAsync(HttpMethod.Get, $"{_keyId}?api-version={ApiVersion}", null, cancellationToken);
        return VersionOf(key["key"]!["kid"]!.GetValue<string>());
    }

    public async Task<WrappedDataKey> WrapAsync(byte[] dataKey, CancellationToken cancellationToken)
    {
        var version = await CurrentVersionAsync(cancellationToken);
        var result = await SendAsync(HttpMethod.Post, $"{_keyId}/{version}/wrapkey?api-version={ApiVersion}",
            new JsonObject { ["alg"] = Algorithm, ["value"] = Base64Url(dataKey) }, cancellationToken);
        return new WrappedDataKey(version, FromBase64Url(result["value"]!.GetValue<string>()));
    }

    public async Task<byte[]> UnwrapAsync(WrappedDataKey wrapped, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Post, $"{_keyId}/{wrapped.KeyVersion}/unwrapkey?api-version={ApiVersion}",
            new JsonObject { ["alg"] = Algorithm, ["value"] = Base64Url(wrapped.Wrapped) }, cancellationToken);
        return FromBase64Url(result["value"]!.GetValue<string>());
    }

    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        var key = await SendAsync(HttpMethod.Post, $"{_keyId}/rotate?api-version={ApiVersion}", new JsonObject(), cancellationToken);
        return VersionOf(key["key"]!["kid"]!.GetValue<string>());
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string url, JsonObject? body, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(Scope, cancellationToken);
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Key Vault's error body names the problem but never key material.
            throw new HttpRequestException($"Key Vault answered {(int)response.StatusCode} to {method} {new Uri(url).AbsolutePath}.");
        }
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
    }

    private static string VersionOf(string kid) => kid.TrimEnd('/').Split('/')[^1];

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
