using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.SourceAccess.Verification.Office365;

/// <summary>The token endpoint's JSON: an access token, or Entra's error with its AADSTS <c>error_codes</c>.</summary>
internal sealed record EntraTokenAnswer
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_codes")]
    public long[]? ErrorCodes { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"AccessToken = {Migration.Contracts.Redaction.Of(AccessToken)}, Error = {Error}, ErrorCodes = [{string.Join(", ", ErrorCodes ?? [])}]");
        return true;
    }

    /// <summary>Reads the body; an answer that is not Entra's JSON reads as an error with no codes.</summary>
    public static EntraTokenAnswer Parse(HttpStatusCode status, string body)
    {
        try
        {
            return JsonSerializer.Deserialize<EntraTokenAnswer>(body) ?? new EntraTokenAnswer { Error = $"http {(int)status}" };
        }
        catch (JsonException)
        {
            return new EntraTokenAnswer { Error = $"http {(int)status}" };
        }
    }
}
