using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.SourceAccess.Verification.Google;

/// <summary>
/// The fields of a service account's JSON key file that a check needs. <c>token_uri</c> is deliberately not read: the
/// token endpoint is <see cref="SourceEndpointOptions.GoogleTokenUrl"/>, so that a local run can use the peers.
/// </summary>
public sealed record GoogleServiceAccountKey(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("client_email")] string? ClientEmail,
    [property: JsonPropertyName("private_key")] string? PrivateKey,
    [property: JsonPropertyName("private_key_id")] string? PrivateKeyId)
{
    /// <summary>The key, or null when the text is not a service account's JSON key.</summary>
    public static GoogleServiceAccountKey? Parse(string json)
    {
        try
        {
            var key = JsonSerializer.Deserialize<GoogleServiceAccountKey>(json);
            return key is { Type: "service_account", ClientEmail.Length: > 0, PrivateKey.Length: > 0 } ? key : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Type = {Type}, ClientEmail = {ClientEmail}, PrivateKey = {Migration.Contracts.Redaction.Of(PrivateKey)}, PrivateKeyId = {PrivateKeyId}");
        return true;
    }
}
