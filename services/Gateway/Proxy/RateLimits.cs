using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Migration.Gateway.Auth;
using Migration.ServiceDefaults.Auth;

namespace Migration.Gateway.Proxy;

public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 100;
    public int Burst { get; set; } = 200;
}

/// <summary>Password Reception is reached without a key, so it is limited per client address and per link token.</summary>
public sealed class ReceptionRateLimitOptions
{
    /// <summary>Generous enough for a customer office behind one address.</summary>
    public int PerAddressPermitsPerSecond { get; set; } = 5;
    public int PerAddressBurst { get; set; } = 100;
    public int PerTokenPermitsPerMinute { get; set; } = 10;
    public int PerTokenBurst { get; set; } = 20;
}

/// <summary>A token bucket per operator (per client address before authentication succeeds), answered with 429 and Retry-After.</summary>
public static class RateLimits
{
    public const string PerCaller = "per-caller";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Gateway:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        var reception = configuration.GetSection("Gateway:ReceptionRateLimit").Get<ReceptionRateLimitOptions>() ?? new ReceptionRateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => ReceptionToken(context) is null
                    ? RateLimitPartition.GetNoLimiter("not-reception")
                    : RateLimitPartition.GetTokenBucketLimiter($"address:{context.Connection.RemoteIpAddress}", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = reception.PerAddressBurst,
                        TokensPerPeriod = reception.PerAddressPermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    })),
                PartitionedRateLimiter.Create<HttpContext, string>(context => ReceptionToken(context) is not { } token
                    ? RateLimitPartition.GetNoLimiter("not-reception")
                    : RateLimitPartition.GetTokenBucketLimiter($"token:{token}", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = reception.PerTokenBurst,
                        TokensPerPeriod = reception.PerTokenPermitsPerMinute,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })));
            limiter.AddPolicy(PerCaller, context => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = options.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(new ProblemDetails
                {
                    Type = "https://tools.ietf.org/html/rfc6585#section-4",
                    Title = "Too many requests.",
                    Status = StatusCodes.Status429TooManyRequests,
                    Detail = $"The rate limit of {options.PermitsPerSecond} requests per second is exceeded; retry after {seconds} s.",
                }).ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>The token of a Password Reception path (/reception/{token} or /v1/reception/{token}), else null.</summary>
    internal static string? ReceptionToken(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        foreach (var prefix in (ReadOnlySpan<string>)["/reception/", "/v1/reception/"])
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var token = path[prefix.Length..].TrimEnd('/');
                return token.Length is > 0 and <= 64 ? token : "invalid";
            }
        }
        return null;
    }

    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirstValue(OperatorClaims.OperatorId) is { } operatorId ? $"operator:{operatorId}"
        : context.User.IsInRole(ApiKeyAuthenticationHandler.AdminRole) ? "admin"
        : $"address:{context.Connection.RemoteIpAddress}";
}
