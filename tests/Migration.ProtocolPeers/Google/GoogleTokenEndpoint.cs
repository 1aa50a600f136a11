using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Google;

/// <summary>
/// <c>POST /google/oauth2/token</c>, Google's OAuth 2.0 token endpoint for service accounts: the JWT bearer grant
/// (RFC 7523) whose RS256 assertion is checked against the service account's registered public key, with domain-wide
/// delegation when the assertion names a <c>sub</c>. The error bodies are Google's own.
/// </summary>
public static class GoogleTokenEndpoint
{
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static async Task<IResult> HandleAsync(HttpRequest request, GoogleDirectory directory, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (directory.TokenFaults.TakeNext() is { } fault)
        {
            directory.Record(new TokenRequestRecord(now, null, null, null, fault.Status, "injected"));
            return GoogleFaultAnswer.For(request.HttpContext, fault, tokenEndpoint: true);
        }
        var form = request.HasFormContentType ? await request.ReadFormAsync() : null;
        var grantType = form?["grant_type"].ToString();
        if (grantType != JwtBearerGrant)
        {
            return Error(directory, now, null, 400, "unsupported_grant_type", $"Invalid grant_type: {grantType}");
        }
        if (!Jwt.TryParse(form!["assertion"].ToString(), out var jwt))
        {
            return Error(directory, now, null, 400, "invalid_request", "Invalid JWT assertion.");
        }
        var claims = jwt.Claims;
        var issuer = claims["iss"]?.GetValue<string>();
        var subject = claims["sub"]?.GetValue<string>();
        var scope = claims["scope"]?.GetValue<string>();
        var seen = new TokenRequestRecord(now, issuer, subject, scope, 0, null);

        var account = issuer is null ? null : directory.Account(issuer);
        if (account is null)
        {
            return Error(directory, seen, 400, "invalid_grant", "Invalid grant: account not found");
        }
        if (jwt.Algorithm != "RS256" || !jwt.IsSignedBy(account.PublicKeyPem))
        {
            return Error(directory, seen, 400, "invalid_grant", "Invalid JWT Signature.");
        }
        if (!IsShortLivedAndCurrent(claims, now))
        {
            return Error(directory, seen, 400, "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
        }
        var scopes = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (scopes.Count == 0)
        {
            return Error(directory, seen, 400, "invalid_scope", "Empty or missing scope not allowed.");
        }
        if (subject is not null)
        {
            if (directory.User(subject) is null)
            {
                return Error(directory, seen, 400, "invalid_grant", "Invalid email or User ID");
            }
            // Google grants a delegated token only when the admin authorised the client for every scope requested.
            if (directory.DelegatedScopes(account.ClientId) is not { } delegated || !scopes.IsSubsetOf(delegated))
            {
                return Error(directory, seen, 401, "unauthorized_client",
                    "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.");
            }
        }

        var lifetime = TimeSpan.FromSeconds(3599);
        var token = directory.Issue(new IssuedToken(account.ClientId, subject, scopes, now + lifetime));
        directory.Record(seen with { Status = 200 });
        return Results.Json(new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        });
    }

    private static bool IsShortLivedAndCurrent(JsonObject claims, DateTimeOffset now)
    {
        if (claims["iat"] is not JsonValue iatValue || claims["exp"] is not JsonValue expValue
            || !iatValue.TryGetValue<long>(out var iat) || !expValue.TryGetValue<long>(out var exp))
        {
            return false;
        }
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        return expires > issuedAt && expires - issuedAt <= MaxLifetime
               && issuedAt <= now + ClockSkew && expires >= now - ClockSkew;
    }

    private static IResult Error(GoogleDirectory directory, DateTimeOffset now, string? issuer, int status, string error, string description) =>
        Error(directory, new TokenRequestRecord(now, issuer, null, null, 0, null), status, error, description);

    private static IResult Error(GoogleDirectory directory, TokenRequestRecord seen, int status, string error, string description)
    {
        directory.Record(seen with { Status = status, Error = error });
        return Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);
    }

    /// <summary>A compact JWS: header, claims and the signature over <c>header.claims</c>.</summary>
    private sealed record Jwt(string Algorithm, JsonObject Claims, byte[] SignedPart, byte[] Signature)
    {
        public static bool TryParse(string compact, out Jwt jwt)
        {
            jwt = null!;
            var parts = compact.Split('.');
            if (parts.Length != 3)
            {
                return false;
            }
            try
            {
                var header = JsonNode.Parse(Base64Url(parts[0])) as JsonObject;
                var claims = JsonNode.Parse(Base64Url(parts[1])) as JsonObject;
                if (header?["alg"]?.GetValue<string>() is not { } algorithm || claims is null)
                {
                    return false;
                }
                jwt = new Jwt(algorithm, claims, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]));
                return true;
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                return false;
            }
        }

        public bool IsSignedBy(string publicKeyPem)
        {
            using var key = RSA.Create();
            key.ImportFromPem(publicKeyPem);
            return key.VerifyData(SignedPart, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        private static byte[] Base64Url(string text)
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return Convert.FromBase64String(padded);
        }
    }
}
