using System.Globalization;
using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Graph;

/// <summary>Graph's error body: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
public static class GraphErrors
{
    public static IResult Error(HttpContext context, int status, string code, string message, JsonArray? details = null)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["request-id"] = requestId;
        context.Response.Headers["client-request-id"] = ClientRequestId(context, requestId);
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["innerError"] = new JsonObject
            {
                ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                ["request-id"] = requestId,
                ["client-request-id"] = ClientRequestId(context, requestId),
            },
        };
        if (details is not null)
        {
            error["details"] = details;
        }
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    public static IResult InvalidToken(HttpContext context, string message) =>
        WithChallenge(context, Error(context, 401, "InvalidAuthenticationToken", message));

    public static IResult AccessDenied(HttpContext context) =>
        Error(context, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    public static IResult InvalidUser(HttpContext context, string user) =>
        Error(context, 404, "ErrorInvalidUser", $"The requested user '{user}' is invalid.");

    public static IResult MailboxNotEnabled(HttpContext context) =>
        Error(context, 404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");

    public static IResult Fault(HttpContext context, FaultRequest fault)
    {
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return fault.Status == 429
            ? Error(context, 429, "TooManyRequests", "Application is over its MailboxConcurrency limit.")
            : Error(context, fault.Status, "ServiceUnavailable", "The service is currently unavailable. Please try again later.");
    }

    private static string ClientRequestId(HttpContext context, string fallback) =>
        context.Request.Headers["client-request-id"].FirstOrDefault() ?? fallback;

    private static IResult WithChallenge(HttpContext context, IResult result)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
        return result;
    }
}
