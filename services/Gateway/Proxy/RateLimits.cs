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

/// <summary>A token bucket per operator (per client address before authentication succeeds), answered with 429 and Retry-After.</summary>
public static class RateLimits
{
    public const string PerCaller = "per-caller";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Gateway:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
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

    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirstValue(OperatorClaims.OperatorId) is { } operatorId ? $"operator:{operatorId}"
        : context.User.IsInRole(ApiKeyAuthenticationHandler.AdminRole) ? "admin"
        : $"address:{context.Connection.RemoteIpAddress}";
}
