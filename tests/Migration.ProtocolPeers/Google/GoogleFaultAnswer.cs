using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Google;

/// <summary>How Google answers when it is overloaded or down: 429 rateLimitExceeded, 503 backendError, with Retry-After.</summary>
public static class GoogleFaultAnswer
{
    public static IResult For(HttpContext context, GoogleFault fault, bool tokenEndpoint)
    {
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (tokenEndpoint)
        {
            var error = fault.Status == 429 ? "rate_limit_exceeded" : "internal_failure";
            return Results.Json(new JsonObject { ["error"] = error, ["error_description"] = "Backend Error" }, statusCode: fault.Status);
        }
        var (message, reason, status, domain) = fault.Status == 429
            ? ("User-rate limit exceeded.", "rateLimitExceeded", "RESOURCE_EXHAUSTED", "usageLimits")
            : ("The service is currently unavailable.", "backendError", "UNAVAILABLE", "global");
        return GmailError.Answer(fault.Status, message, reason, status, domain);
    }
}
