using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Migration.Gateway.Auth;
using Migration.Gateway.Proxy;

namespace Migration.UnitTests;

public sealed class AbuseLimitTests
{
    [Theory]
    [InlineData("127.0.0.1", new string[0], new string[0], "127.0.0.1")]
    [InlineData("::1", new string[0], new string[0], "::1")]
    [InlineData("127.0.0.1", new[] { "10.1.2.3" }, new string[0], "127.0.0.1")]
    [InlineData("10.1.2.3", new[] { "10.1.2.3" }, new string[0], "203.0.113.5")]
    [InlineData("10.1.2.3", new[] { "10.1.2.3", "203.0.113.5" }, new string[0], "198.51.100.1")]
    [InlineData("10.1.2.4", new[] { "10.1.2.3" }, new string[0], "10.1.2.4")]
    [InlineData("10.1.7.9", new string[0], new[] { "10.1.0.0/16" }, "203.0.113.5")]
    [InlineData("10.2.7.9", new string[0], new[] { "10.1.0.0/16" }, "10.2.7.9")]
    public async Task X_Forwarded_For_counts_only_from_a_configured_proxy(string connectedFrom, string[] proxies, string[] networks, string seenAs)
    {
        var options = new ForwardedHeadersOptions();
        TrustedProxies.Configure(options, new TrustedProxySettings { KnownProxies = proxies, KnownNetworks = networks });
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(options));
        var context = new DefaultHttpContext { Request = { Scheme = "http" } };
        context.Connection.RemoteIpAddress = IPAddress.Parse(connectedFrom);
        context.Request.Headers["X-Forwarded-For"] = "198.51.100.1, 203.0.113.5";
        context.Request.Headers["X-Forwarded-Proto"] = "https";

        await middleware.Invoke(context);

        Assert.Equal(IPAddress.Parse(seenAs), context.Connection.RemoteIpAddress);
        Assert.Equal(seenAs == connectedFrom ? "http" : "https", context.Request.Scheme);
    }

    /// <summary>
    /// Aspire sets ASPNETCORE_FORWARDEDHEADERS_ENABLED on its projects, which makes the framework read forwarded headers
    /// from every sender; the gateway's own setting must win.
    /// </summary>
    [Theory]
    [InlineData(false, "127.0.0.1")]
    [InlineData(true, "203.0.113.5")]
    public async Task Under_the_platforms_forwarded_headers_switch_the_gateway_believes_only_its_configured_proxies(bool loopbackIsProxy, string seenAs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["FORWARDEDHEADERS_ENABLED"] = "true";
        if (loopbackIsProxy)
        {
            builder.Configuration["Gateway:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddTrustedProxies(builder.Configuration);
        await using var app = builder.Build();
        app.UseForwardedHeaders();
        app.MapGet("/address", (HttpContext context) => context.Connection.RemoteIpAddress!.ToString());
        await app.StartAsync(TestContext.Current.CancellationToken);

        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/address");
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(seenAs, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_flood_of_unknown_keys_fills_the_negative_cache_only_to_its_bound_and_keeps_the_known_keys()
    {
        using var cache = new ApiKeyCache(capacity: 100);
        var known = new KnownApiKey(Guid.NewGuid(), "Northwind", [1, 2, 3]);
        cache.Remember("known", known);

        for (var i = 0; i < 1000; i++)
        {
            cache.Remember($"random{i}", null);
        }

        Assert.InRange(cache.UnknownCount, 1, 100);
        Assert.True(cache.TryGet("known", out var found));
        Assert.Same(known, found);
    }

    [Fact]
    public void Failures_are_counted_per_address_and_asking_costs_nothing()
    {
        using var limiter = new AuthenticationFailureLimiter(new AuthenticationFailureLimitOptions { PermitsPerSecond = 1, Burst = 3 });

        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.MayFail("198.51.100.1", out _));
        }
        Assert.True(limiter.CountFailure("198.51.100.1", out _));
        Assert.True(limiter.CountFailure("198.51.100.1", out _));
        Assert.True(limiter.CountFailure("198.51.100.1", out _));
        Assert.False(limiter.CountFailure("198.51.100.1", out var retryAfter));
        Assert.False(limiter.MayFail("198.51.100.1", out _));
        Assert.True(retryAfter > TimeSpan.Zero);

        Assert.True(limiter.MayFail("198.51.100.2", out _));
        Assert.True(limiter.CountFailure("198.51.100.2", out _));
    }
}
