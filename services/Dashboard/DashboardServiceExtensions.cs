using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
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

    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        // Run from the build output (the AppHost, tests) in any environment, the framework's and packages' assets are
        // found through the build's manifest; a published app has them in its wwwroot and no manifest.
        builder.WebHost.UseStaticWebAssets();
        // The EF Core key repository logs each key's XML, master key included, at Debug: never, whatever the configuration says.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Information);
        builder.AddServiceDatabase<DashboardDbContext>(ResourceNames.DashboardDatabase);
        // One key ring in the dashboard's database: every replica can read a cookie or antiforgery token another wrote.
        builder.Services.AddDataProtection().SetApplicationName("migration-dashboard").PersistKeysToDbContext<DashboardDbContext>();

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
        });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = ".migration-dashboard-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Only the public API, through the gateway, like any other client of the platform. A POST is never retried: a
        // timed-out project creation may have happened.
#pragma warning disable EXTEXP0001 // Removing the default handler is how a client gets its own; the API is stable in practice.
        builder.Services.AddHttpClient<PlatformApi>(http => http.BaseAddress = new Uri($"http://{ResourceNames.Gateway}/"))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
#pragma warning restore EXTEXP0001
        builder.Services.AddScoped<OperatorSession>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();
        return builder;
    }

    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
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
