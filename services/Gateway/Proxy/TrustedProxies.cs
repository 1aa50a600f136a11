using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Migration.Gateway.Proxy;

/// <summary>The proxies (an ingress, a load balancer) whose X-Forwarded-For and X-Forwarded-Proto the gateway believes.</summary>
public sealed class TrustedProxySettings
{
    public const string Section = "Gateway:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.4</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

public static class TrustedProxies
{
    /// <summary>
    /// Forwarded headers are honoured only from the configured proxies; none are configured by default (not even
    /// loopback, which the framework trusts unless told otherwise), so a client that reaches the gateway directly cannot
    /// choose the address its rate limits are counted against.
    /// </summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TrustedProxySettings.Section).Get<TrustedProxySettings>() ?? new();
        services.Configure<ForwardedHeadersOptions>(options => Configure(options, settings));
        return services;
    }

    internal static void Configure(ForwardedHeadersOptions options, TrustedProxySettings settings)
    {
        // With no proxy listed the framework would believe every sender, so then no header is read at all.
        options.ForwardedHeaders = settings.KnownProxies.Length + settings.KnownNetworks.Length == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // Every hop must be a known proxy: the walk from the right stops at the first address that is not one.
        options.ForwardLimit = null;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }
        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
