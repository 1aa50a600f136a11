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

/// <summary>The gateway's own anonymous endpoints (health, the OpenAPI document, the API reference) each cost downstream calls.</summary>
public sealed class AnonymousRateLimitOptions
{
    public int PerAddressPermitsPerSecond { get; set; } = 10;
    public int PerAddressBurst { get; set; } = 100;
}

/// <summary>The dashboard's pages, assets and circuits, per client address: a page load is a dozen requests, an office many operators.</summary>
public sealed class DashboardRateLimitOptions
{
    public int PerAddressPermitsPerSecond { get; set; } = 50;
    public int PerAddressBurst { get; set; } = 500;
}

/// <summary>A token bucket per operator (per client address before authentication succeeds), answered with 429 and Retry-After.</summary>
public static class RateLimits
{
    public const string PerCaller = "per-caller";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Gateway:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        var reception = configuration.GetSection("Gateway:ReceptionRateLimit").Get<ReceptionRateLimitOptions>() ?? new ReceptionRateLimitOptions();
        var anonymous = configuration.GetSection("Gateway:AnonymousRateLimit").Get<AnonymousRateLimitOptions>() ?? new AnonymousRateLimitOptions();
        var dashboard = configuration.GetSection("Gateway:DashboardRateLimit").Get<DashboardRateLimitOptions>() ?? new DashboardRateLimitOptions();
        var failures = configuration.GetSection(AuthenticationFailureLimitOptions.Section).Get<AuthenticationFailureLimitOptions>() ?? new();
        services.AddSingleton(new AuthenticationFailureLimiter(failures));
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => ReceptionToken(context) is null
                    ? RateLimitPartition.GetNoLimiter("not-reception")
                    : Bucket($"address:{ClientAddress(context)}", reception.PerAddressBurst, reception.PerAddressPermitsPerSecond, TimeSpan.FromSeconds(1))),
                PartitionedRateLimiter.Create<HttpContext, string>(context => ReceptionToken(context) is not { } token
                    ? RateLimitPartition.GetNoLimiter("not-reception")
                    : Bucket($"token:{token}", reception.PerTokenBurst, reception.PerTokenPermitsPerMinute, TimeSpan.FromMinutes(1))),
                // Keyed calls are limited per caller by their route's policy; keyless ones that got this far are anonymous endpoints.
                PartitionedRateLimiter.Create<HttpContext, string>(context => ReceptionToken(context) is not null || context.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetNoLimiter("not-anonymous")
                    : IsDashboard(context)
                    ? Bucket($"dashboard:{ClientAddress(context)}", dashboard.PerAddressBurst, dashboard.PerAddressPermitsPerSecond, TimeSpan.FromSeconds(1))
                    : Bucket($"anonymous:{ClientAddress(context)}", anonymous.PerAddressBurst, anonymous.PerAddressPermitsPerSecond, TimeSpan.FromSeconds(1))));
            limiter.AddPolicy(PerCaller, context => Bucket(PartitionKey(context), options.Burst, options.PermitsPerSecond, TimeSpan.FromSeconds(1)));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                await TooManyRequests(rejected.HttpContext, retryAfter, "The rate limit of this call is exceeded.");
            };
        });
        return services;
    }

    /// <summary>429 with Retry-After, as a problem.</summary>
    internal static async Task TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc6585#section-4",
            Title = "Too many requests.",
            Status = StatusCodes.Status429TooManyRequests,
            Detail = $"{detail} Retry after {seconds} s.",
        }).ExecuteAsync(context);
    }

    /// <summary>The client's address: the connection's, or the one a configured proxy forwarded (see <see cref="TrustedProxies"/>).</summary>
    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A token bucket that refuses at once (no queue) when empty.</summary>
    private static RateLimitPartition<string> Bucket(string key, int burst, int tokensPerPeriod, TimeSpan period) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
        });

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

    private static bool IsDashboard(HttpContext context) => context.Request.Path.StartsWithSegments(ProxyRoutes.DashboardPrefix, StringComparison.OrdinalIgnoreCase);

    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirstValue(OperatorClaims.OperatorId) is { } operatorId ? $"operator:{operatorId}"
        : context.User.IsInRole(ApiKeyAuthenticationHandler.AdminRole) ? "admin"
        : $"address:{ClientAddress(context)}";
}
