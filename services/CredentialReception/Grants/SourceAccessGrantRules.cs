using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.Json;
using Migration.CredentialReception.Api;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Grants;

/// <summary>
/// Field checks of a project grant by the project's source kind (R3). Messages name the field and what is wrong, never a
/// value: a grant is a secret, and a malformed one may be a pasted secret too.
/// </summary>
public static class SourceAccessGrantRules
{
    public const int MaxUsernameLength = 320;
    public const int MaxClientIdLength = 200;
    public const int MaxServiceAccountJsonLength = 16 * 1024;

    /// <summary>Whether the project's access method takes a grant at all (impersonation and OAuth do; password does not).</summary>
    public static bool TakesGrant(string? accessMethod) =>
        accessMethod is not null && !accessMethod.Equals("password", StringComparison.OrdinalIgnoreCase);

    /// <param name="sourceKind">The project's source kind by its enum name (exchange, office365, google), case-insensitive.</param>
    public static (ValidGrant? Grant, Dictionary<string, string[]> Errors) Validate(string sourceKind, SourceAccessGrantRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var testMailbox = TestMailbox(errors, request.TestMailbox);
        (string Username, string Secret)? grant = sourceKind.ToLowerInvariant() switch
        {
            "exchange" => Exchange(errors, request),
            "office365" => Office365(errors, request),
            "google" => Google(errors, request),
            _ => null,
        };
        if (grant is null && errors.Count == 0)
        {
            errors["source"] = [$"A {sourceKind} source takes no project grant."];
        }
        return errors.Count > 0 || grant is null ? (null, errors) : (new ValidGrant(grant.Value.Username, grant.Value.Secret, testMailbox), errors);
    }

    private static (string, string)? Exchange(Dictionary<string, string[]> errors, SourceAccessGrantRequest request)
    {
        NotTaken(errors, "exchange", ("clientId", request.ClientId), ("clientSecret", request.ClientSecret), ("serviceAccountJson", request.ServiceAccountJson));
        var username = Name(errors, "username", request.Username, MaxUsernameLength, "the impersonation admin account");
        var password = Secret(errors, "password", request.Password);
        return username is null || password is null ? null : (username, password);
    }

    private static (string, string)? Office365(Dictionary<string, string[]> errors, SourceAccessGrantRequest request)
    {
        NotTaken(errors, "office365", ("username", request.Username), ("password", request.Password), ("serviceAccountJson", request.ServiceAccountJson));
        var clientId = Name(errors, "clientId", request.ClientId, MaxClientIdLength, "the Entra application (client) id");
        var secret = Secret(errors, "clientSecret", request.ClientSecret);
        return clientId is null || secret is null ? null : (clientId, secret);
    }

    private static (string, string)? Google(Dictionary<string, string[]> errors, SourceAccessGrantRequest request)
    {
        NotTaken(errors, "google", ("username", request.Username), ("password", request.Password), ("clientId", request.ClientId),
            ("clientSecret", request.ClientSecret));
        const string field = "serviceAccountJson";
        var json = request.ServiceAccountJson;
        if (string.IsNullOrWhiteSpace(json))
        {
            errors[field] = ["serviceAccountJson is required: the service account's JSON key."];
            return null;
        }
        if (json.Length > MaxServiceAccountJsonLength || !StorableText.IsStorable(json))
        {
            errors[field] = [$"serviceAccountJson is at most {MaxServiceAccountJsonLength} characters, without U+0000."];
            return null;
        }
        var clientEmail = ServiceAccountEmail(json);
        if (clientEmail is null)
        {
            errors[field] = ["serviceAccountJson is not a Google service-account key: it is a JSON object with type \"service_account\", " +
                             "client_email, client_id and a PEM private_key."];
            return null;
        }
        return (clientEmail, json);
    }

    /// <summary>The key's client_email when the JSON is a complete service-account key, else null.</summary>
    internal static string? ServiceAccountEmail(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "type") != "service_account"
                || Text(root, "client_email") is not { } email || !MailAddress.TryCreate(email, out _)
                || string.IsNullOrWhiteSpace(Text(root, "client_id"))
                || Text(root, "private_key") is not { } privateKey)
            {
                return null;
            }
            using var rsa = RSA.Create();
            rsa.ImportFromPem(privateKey);
            return email;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void NotTaken(Dictionary<string, string[]> errors, string kind, params (string Field, string? Value)[] fields)
    {
        foreach (var (field, value) in fields.Where(f => f.Value is not null))
        {
            errors[field] = [$"{field} is not part of a grant for a {kind} source."];
        }
    }

    private static string? Name(Dictionary<string, string[]> errors, string field, string? value, int maxLength, string what)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors[field] = [$"{field} is required: {what}."];
            return null;
        }
        if (trimmed.Length > maxLength || !StorableText.IsStorable(trimmed))
        {
            errors[field] = [$"{field} is at most {maxLength} characters, without U+0000."];
            return null;
        }
        return trimmed;
    }

    private static string? Secret(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (CredentialIntake.WhyInvalid(value) is { } invalid)
        {
            errors[field] = [invalid.Replace("A password", $"{field}", StringComparison.Ordinal)];
            return null;
        }
        return value;
    }

    private static string? TestMailbox(Dictionary<string, string[]> errors, string? value)
    {
        if (value is null)
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length is 0 or > MaxUsernameLength || !StorableText.IsStorable(trimmed) || !MailAddress.TryCreate(trimmed, out var address)
            || address.Address != trimmed)
        {
            errors["testMailbox"] = ["testMailbox is a mailbox address such as someone@contoso.com."];
            return null;
        }
        return trimmed.ToLowerInvariant();
    }
}
