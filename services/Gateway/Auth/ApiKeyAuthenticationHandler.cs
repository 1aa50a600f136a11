using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Gateway.Data;
using Migration.Gateway.Proxy;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Gateway.Auth;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The platform administrator's key (MIGRATION_ADMIN_KEY).</summary>
    public string? AdminKey { get; set; }
}

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> as the platform administrator or as an operator.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    GatewayDbContext db,
    ApiKeyCache cache,
    AuthenticationFailureLimiter failures) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AdminRole = "admin";

    /// <summary>Set on a request whose failure was counted: whether it went over the limit, and when to retry.</summary>
    private static readonly object FailureOutcomeKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var presented = header["Bearer ".Length..].Trim();
        if (IsAdminKey(presented))
        {
            return Success(new Claim(ClaimTypes.Role, AdminRole));
        }
        if (!ApiKeys.TryParse(presented, out var keyId, out var secret))
        {
            return Failed();
        }
        if (!cache.TryGet(keyId, out var key))
        {
            if (!failures.MayFail(RateLimits.ClientAddress(Context), out var retryAfter))
            {
                Context.Items[FailureOutcomeKey] = new FailureOutcome(Limited: true, retryAfter);
                return AuthenticateResult.Fail("Too many failed authentications.");
            }
            key = await (from k in db.ApiKeys.AsNoTracking()
                         join o in db.Operators.AsNoTracking() on k.OperatorId equals o.Id
                         where k.KeyId == keyId && k.RevokedAt == null
                         select new KnownApiKey(k.OperatorId, o.Name, k.SecretHash)).SingleOrDefaultAsync(Context.RequestAborted);
            cache.Remember(keyId, key);
        }
        return key is not null && ApiKeys.Matches(secret, key.SecretHash)
            ? Success(new Claim(OperatorClaims.OperatorId, key.OperatorId.ToString()), new Claim(OperatorClaims.OperatorName, key.OperatorName))
            : Failed();
    }

    /// <summary>A key that is not one: counted against the client's address.</summary>
    private AuthenticateResult Failed()
    {
        Context.Items[FailureOutcomeKey] = CountFailure();
        return AuthenticateResult.Fail("Unknown API key.");
    }

    private FailureOutcome CountFailure() =>
        new(!failures.CountFailure(RateLimits.ClientAddress(Context), out var retryAfter), retryAfter);

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A request that sent no key is counted here, when it is refused; one with a bad key was counted when it failed.
        var outcome = Context.Items[FailureOutcomeKey] as FailureOutcome ?? CountFailure();
        if (outcome.Limited)
        {
            await RateLimits.TooManyRequests(Context, outcome.RetryAfter,
                $"Too many requests without a valid API key from this address (at most {failures.Options.PermitsPerSecond} per second).");
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Unauthorized("Send a valid API key as 'Authorization: Bearer <key>'.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
            detail: "This key may not make this call.").ExecuteAsync(Context);
    }

    private bool IsAdminKey(string presented) =>
        Options.AdminKey is { Length: > 0 } admin
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(admin)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private sealed record FailureOutcome(bool Limited, TimeSpan RetryAfter);
}

public static class GatewayPolicies
{
    public const string Admin = "admin";
    public const string Operator = "operator";
}
