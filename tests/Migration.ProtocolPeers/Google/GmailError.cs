using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Google;

/// <summary>The error body every Google JSON API answers with: <c>{"error":{"code","message","errors":[...],"status"}}</c>.</summary>
public static class GmailError
{
    public static IResult Answer(int code, string message, string reason, string status, string domain = "global", JsonArray? details = null)
    {
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = domain, ["reason"] = reason }),
            ["status"] = status,
        };
        if (details is not null)
        {
            error["details"] = details;
        }
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: code);
    }

    public static IResult Unauthenticated() => Answer(401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "authError", "UNAUTHENTICATED");

    public static IResult InsufficientScope(string method) => Answer(403, "Request had insufficient authentication scopes.",
        "insufficientPermissions", "PERMISSION_DENIED",
        details: new JsonArray(new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
            ["reason"] = "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            ["domain"] = "googleapis.com",
            ["metadata"] = new JsonObject { ["service"] = "gmail.googleapis.com", ["method"] = method },
        }));

    public static IResult FailedPrecondition(string message) => Answer(400, message, "failedPrecondition", "FAILED_PRECONDITION");

    public static IResult DelegationDenied(string subject) => Answer(403, $"Delegation denied for {subject}", "forbidden", "PERMISSION_DENIED");
}
