using System.Globalization;
using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Entra;

/// <summary>
/// A refusal of the token endpoint as Entra ID writes it: the OAuth <c>error</c>, an <c>error_description</c> starting with
/// <c>AADSTSnnnnn:</c> and ending with the trace id, correlation id and timestamp, <c>error_codes</c>, and the ids again.
/// </summary>
public sealed record EntraError(int StatusCode, string Error, int Code, string Description, string? SubError = null)
{
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    public static EntraError InvalidUsernameOrPassword() =>
        new(400, "invalid_grant", 50126, "Error validating credentials due to invalid username or password.");

    public static EntraError MfaRequired() =>
        new(400, "invalid_grant", 50076, $"Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{GraphAppId}'.", "basic_action");

    public static EntraError MfaRegistrationRequired() =>
        new(400, "invalid_grant", 50079, $"Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{GraphAppId}'.", "basic_action");

    public static EntraError AccountLocked() =>
        new(400, "invalid_grant", 50053, "The account is locked, you've tried to sign in too many times with an incorrect user ID or password.");

    public static EntraError PasswordExpired() =>
        new(400, "invalid_grant", 50055, "The password is expired.", "user_password_expired");

    public static EntraError UserNotFound(string tenant) =>
        new(400, "invalid_grant", 50034, $"The user account {{EUII Hidden}} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.");

    public static EntraError AccountDisabled() =>
        new(400, "invalid_grant", 50057, "The user account is disabled.");

    public static EntraError ConsentRequired(RegisteredApp app) =>
        new(400, "invalid_grant", 65001, $"The user or administrator has not consented to use the application with ID '{app.ClientId}' named '{app.DisplayName}'. Send an interactive authorization request for this user and resource.", "consent_required");

    public static EntraError InvalidClientSecret(string clientId) =>
        new(401, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");

    public static EntraError ClientSecretMissing() =>
        new(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    public static EntraError UnknownApplication(string clientId, string tenant) =>
        new(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");

    public static EntraError ScopeNotDefault(string scope) =>
        new(400, "invalid_scope", 1002012, $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");

    public static EntraError MissingParameter(string name) =>
        new(400, "invalid_request", 900144, $"The request body must contain the following parameter: '{name}'.");

    public static EntraError UnsupportedGrantType() =>
        new(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");

    /// <summary>Throttling (429, AADSTS50196 is Entra's loop detection; 90055 its throttling) or an outage (503, AADSTS90033).</summary>
    public static EntraError Unavailable(FaultRequest fault, HttpResponse response)
    {
        if (fault.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return fault.Status == 429
            ? new(429, "temporarily_unavailable", 90055, "The request was throttled. Please try again later.")
            : new(fault.Status, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.");
    }

    public IResult ToResult(string authorityHost)
    {
        var traceId = Guid.NewGuid().ToString();
        var correlationId = Guid.NewGuid().ToString();
        var timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["error"] = Error,
            ["error_description"] = $"AADSTS{Code}: {Description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(Code),
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"{authorityHost.TrimEnd('/')}/error?code={Code}",
        };
        if (SubError is not null)
        {
            body["suberror"] = SubError;
        }
        return Results.Json(body, statusCode: StatusCode);
    }
}
