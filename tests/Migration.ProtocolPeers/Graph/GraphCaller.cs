using System.Text.Json.Nodes;
using Migration.ProtocolPeers.Entra;

namespace Migration.ProtocolPeers.Graph;

/// <summary>Who a Graph request comes from, read from a bearer token that Entra's key signed, still valid, meant for Graph.</summary>
public sealed record GraphCaller(string AppId, string? UserObjectId, string? Upn, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes,
    string? TenantId = null)
{
    public bool IsAppOnly => UserObjectId is null || Upn is null;

    /// <summary>The caller, or the 401 Graph answers (as its message says: empty, failed validation, expired, wrong audience).</summary>
    public static (GraphCaller? Caller, string? Refusal) From(HttpRequest request, EntraSigningKey key)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return (null, "Access token is empty.");
        }
        var claims = key.ReadVerified(header["Bearer ".Length..].Trim());
        if (claims is null)
        {
            return (null, "Access token validation failure.");
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (Number(claims, "exp") is not { } exp || exp <= now)
        {
            return (null, "Lifetime validation failed, the token is expired.");
        }
        if (Number(claims, "nbf") is { } nbf && nbf > now + 300)
        {
            return (null, "Lifetime validation failed, the token is not yet valid.");
        }
        if (Text(claims, "aud") is not (EntraTokenEndpoint.GraphAudience or "00000003-0000-0000-c000-000000000000"))
        {
            return (null, "Access token validation failure. Invalid audience.");
        }
        var roles = claims["roles"] is JsonArray array ? array.Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase) : [];
        var scopes = (Text(claims, "scp") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var upn = Text(claims, "upn");
        return (new GraphCaller(Text(claims, "appid") ?? "", upn is null ? null : Text(claims, "oid"), upn, roles, scopes, Text(claims, "tid")), null);
    }

    private static long? Number(JsonObject claims, string name) => claims[name] is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;

    private static string? Text(JsonObject claims, string name) => claims[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
