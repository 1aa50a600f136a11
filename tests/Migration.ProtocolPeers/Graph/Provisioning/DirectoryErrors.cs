using System.Globalization;
using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>The refusals of Graph's directory (users, licences), with the codes and messages Graph answers them with.</summary>
public static class DirectoryErrors
{
    public const string PasswordComplexityMessage =
        "The specified password does not comply with password complexity requirements. Please provide a different password.";

    public static IResult NotFound(HttpContext context, string idOrUpn) =>
        GraphErrors.Error(context, 404, "Request_ResourceNotFound",
            $"Resource '{idOrUpn}' does not exist or one of its queried reference-property objects are not present.");

    public static IResult InsufficientPrivileges(HttpContext context) =>
        GraphErrors.Error(context, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

    public static IResult PasswordComplexity(HttpContext context) =>
        GraphErrors.Error(context, 400, "Request_BadRequest", PasswordComplexityMessage);

    public static IResult UpnConflict(HttpContext context)
    {
        const string message = "Another object with the same value for property userPrincipalName already exists.";
        return GraphErrors.Error(context, 400, "Request_BadRequest", message,
            new JsonArray(new JsonObject { ["code"] = "ObjectConflict", ["message"] = message, ["target"] = "userPrincipalName" }));
    }

    public static IResult InvalidProperty(HttpContext context, string property) =>
        GraphErrors.Error(context, 400, "Request_BadRequest", $"Invalid value specified for property '{property}' of resource 'User'.",
            new JsonArray(new JsonObject { ["code"] = "InvalidValue", ["message"] = $"Invalid value specified for property '{property}' of resource 'User'.", ["target"] = property }));

    public static IResult MissingProperty(HttpContext context, string property) =>
        GraphErrors.Error(context, 400, "Request_BadRequest", $"A value is required for property '{property}' of resource 'User'.",
            new JsonArray(new JsonObject { ["code"] = "MissingValue", ["message"] = $"A value is required for property '{property}' of resource 'User'.", ["target"] = property }));

    public static IResult UnverifiedDomain(HttpContext context) =>
        GraphErrors.Error(context, 400, "Request_BadRequest",
            "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.",
            new JsonArray(new JsonObject { ["code"] = "InvalidValue", ["target"] = "userPrincipalName" }));

    public static IResult UnreadableBody(HttpContext context) =>
        GraphErrors.Error(context, 400, "BadRequest",
            "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");

    public static IResult UnsupportedQuery(HttpContext context) =>
        GraphErrors.Error(context, 400, "Request_UnsupportedQuery", "Unsupported Query.");

    public static IResult UnknownProperty(HttpContext context, string property) =>
        GraphErrors.Error(context, 400, "Request_BadRequest", $"Could not find a property named '{property}' on type 'microsoft.graph.user'.");

    public static IResult InvalidUsageLocation(HttpContext context) =>
        GraphErrors.Error(context, 400, "Request_BadRequest", "License assignment cannot be done for user with invalid usage location.");

    public static IResult UnknownSku(HttpContext context, Guid skuId) =>
        GraphErrors.Error(context, 400, "Request_BadRequest",
            $"License {skuId.ToString().ToUpperInvariant()} does not correspond to a valid company License.");

    public static IResult NoFreeSeat(HttpContext context, Guid skuId) =>
        GraphErrors.Error(context, 400, "Request_BadRequest", $"Subscription with SKU {skuId} does not have any available licenses.");

    /// <summary>429 of the identity write quotas: Retry-After in seconds, the scope throttled, and the reason.</summary>
    public static IResult Throttled(HttpContext context, QuotaDecision decision, string appId, string tenantId)
    {
        context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-ms-throttle-scope"] = decision.ScopeHeader(appId, tenantId);
        context.Response.Headers["x-ms-throttle-information"] = "WriteLimitExceeded";
        var category = decision.Scope switch
        {
            ThrottleScope.Tenant => "throttle.aad.ags.tenant.write",
            ThrottleScope.Application => "throttle.aad.ags.appId.write",
            _ => "throttle.aad.ags.appId.tenant.write",
        };
        var identifier = decision.Scope switch
        {
            ThrottleScope.Tenant => tenantId,
            ThrottleScope.Application => appId,
            _ => $"{appId}+{tenantId}",
        };
        return GraphErrors.Error(context, 429, "TooManyRequests",
            $"Too many requests from Identifier:{identifier} under category:{category}. Please try again later.");
    }
}
