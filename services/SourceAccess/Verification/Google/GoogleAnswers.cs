using System.Net;
using System.Text.Json.Nodes;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Google;

/// <summary>
/// What Google's answers mean for a check (docs/decisions/0018). The token endpoint's <c>unauthorized_client</c> does
/// not say whether the client has no delegation at all or is delegated other scopes, so it is <c>consentMissing</c>;
/// <c>insufficientScope</c> is Gmail's own 403 <c>ACCESS_TOKEN_SCOPE_INSUFFICIENT</c> for a token granted without a
/// scope the call needs.
/// </summary>
public static class GoogleAnswers
{
    /// <summary>The reason for a refused JWT bearer grant (<c>error</c>, <c>error_description</c> of the token endpoint).</summary>
    public static string ForTokenError(string? error, string? description) => error switch
    {
        "unauthorized_client" => SourceAccessReasons.ConsentMissing,
        "invalid_scope" => SourceAccessReasons.InsufficientScope,
        "invalid_grant" when description?.Contains("Invalid email or User ID", StringComparison.OrdinalIgnoreCase) == true
            => SourceAccessReasons.MailboxNotFound,
        // iat/exp refused: this machine's clock is off, which no new key cures.
        "invalid_grant" when description?.Contains("short-lived token", StringComparison.OrdinalIgnoreCase) == true
            => SourceAccessReasons.InternalError,
        // A wrong or revoked key, an unknown or disabled service account.
        "invalid_grant" or "invalid_client" or "access_denied" => SourceAccessReasons.InvalidPassword,
        _ => SourceAccessReasons.InternalError,
    };

    /// <summary>The reason for a Gmail API refusal, from its status and <c>{"error":{"errors":[{"reason"}],"details":[{"reason"}]}}</c>.</summary>
    public static string ForGmailError(HttpStatusCode status, string? body)
    {
        var reasons = ReasonsIn(body);
        return status switch
        {
            HttpStatusCode.Forbidden when reasons.Contains("ACCESS_TOKEN_SCOPE_INSUFFICIENT") || reasons.Contains("insufficientPermissions")
                => SourceAccessReasons.InsufficientScope,
            HttpStatusCode.Forbidden => SourceAccessReasons.ImpersonationDenied,
            // "Mail service not enabled": the user exists but has no Gmail mailbox.
            HttpStatusCode.BadRequest when reasons.Contains("failedPrecondition") => SourceAccessReasons.MailboxNotFound,
            HttpStatusCode.NotFound => SourceAccessReasons.MailboxNotFound,
            HttpStatusCode.Unauthorized => SourceAccessReasons.InvalidPassword,
            _ => SourceAccessReasons.InternalError,
        };
    }

    /// <summary>429 and 5xx may pass; null for any other status.</summary>
    public static string? MayPass(HttpStatusCode? status) => status switch
    {
        HttpStatusCode.TooManyRequests => SourceAccessReasons.Throttled,
        >= HttpStatusCode.InternalServerError => SourceAccessReasons.ServerUnreachable,
        _ => null,
    };

    private static HashSet<string> ReasonsIn(string? body)
    {
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var error = JsonNode.Parse(body ?? "")?["error"];
            foreach (var item in (error?["errors"] as JsonArray ?? []).Concat(error?["details"] as JsonArray ?? []))
            {
                if (item?["reason"]?.GetValue<string>() is { } reason)
                {
                    reasons.Add(reason);
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not Google's JSON: the status alone decides.
        }
        return reasons;
    }
}
