using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Migration.Contracts;
using Migration.Dashboard.Api;
using Migration.Dashboard.Auth;
using Migration.Dashboard.Components;
using Migration.Dashboard.Data;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.FluentUI.AspNetCore.Components;
using Migration.ServiceDefaults.Data;

namespace Migration.Dashboard;

public static class DashboardServiceExtensions
{
    /// <summary>Where the gateway serves the dashboard; the app answers under the same path when reached directly.</summary>
    public const string PathBase = "/dashboard";

    /// <summary>The longest a CSV upload may take, from its first byte out of the browser to the API's answer.</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(15);

    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        // Run from the build output (the AppHost, tests) in any environment, the framework's and packages' assets are
        // found through the build's manifest; a published app has them in its wwwroot and no manifest.
        builder.WebHost.UseStaticWebAssets();
        // The EF Core key repository logs each key's XML, master key included, at Debug: never, whatever the configuration says.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Information);
        // The circuit's hub logs each browser event with its arguments at Debug, and a password field's event carries what
        // was typed: never below Information, whatever the configuration says.
        foreach (var category in new[] { "Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Components" })
        {
            builder.Logging.AddFilter(category, LogLevel.Information);
        }
        builder.AddServiceDatabase<DashboardDbContext>(ResourceNames.DashboardDatabase);
        // One key ring in the dashboard's database: every replica can read a cookie or antiforgery token another wrote. Its keys
        // are sealed with a key from configuration, so the database alone opens no cookie.
        builder.Services.AddDataProtection().SetApplicationName("migration-dashboard").PersistKeysToDbContext<DashboardDbContext>()
            .SealKeysWithConfiguredKey();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = ".migration-dashboard";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = builder.Configuration.GetValue("Dashboard:SecureCookie", false)
                ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/signin";
            options.LogoutPath = SignOutEndpoint.Path;
            options.AccessDeniedPath = "/signin";
            options.Events.OnValidatePrincipal = SessionRevalidation.RefuseSignedOutAsync;
        });
        builder.Services.AddSingleton<SessionRevocations>();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = ".migration-dashboard-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Only the public API, through the gateway, like any other client of the platform. A POST is never retried: a
        // timed-out project creation may have happened. An upload streams from the browser as fast as the operator's
        // line allows, so it gets minutes where a call gets seconds.
        var gateway = new Uri($"http://{ResourceNames.Gateway}/");
#pragma warning disable EXTEXP0001 // Removing the default handler is how a client gets its own; the API is stable in practice.
        builder.Services.AddHttpClient(PlatformApi.CallsClient, http => http.BaseAddress = gateway)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
        builder.Services.AddHttpClient(PlatformApi.UploadsClient, http =>
            {
                http.BaseAddress = gateway;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.DisableForUnsafeHttpMethods();
                options.AttemptTimeout.Timeout = UploadTimeout;
                options.TotalRequestTimeout.Timeout = UploadTimeout;
                options.CircuitBreaker.SamplingDuration = 2 * UploadTimeout;
            });
#pragma warning restore EXTEXP0001
        builder.Services.AddScoped<PlatformApi>();
        builder.Services.AddScoped<OperatorSession>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();
        return builder;
    }

    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        // The browser's address as the gateway saw it (the defaults believe only a proxy on this machine's loopback):
        // the sign-in passes it on, so that wrong keys count against the browser that sent them.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        app.UsePathBase(PathBase);
        // Routing again after the path base is taken off: the one WebApplication adds first would match the full path.
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            // Every asset comes from this origin; the browser refuses anything else.
            context.Response.Headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            await next();
        });
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapSignOut();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
