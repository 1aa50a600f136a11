using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Migration.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Telemetry, health checks, service discovery and resilience shared by every service.</summary>
public static class Extensions
{
    public const string HealthEndpointPath = Migration.Contracts.ServiceEndpoints.Health;
    public const string AlivenessEndpointPath = Migration.Contracts.ServiceEndpoints.Alive;
    private const string LiveTag = "live";

    /// <summary>
    /// Framework categories that log every request, proxied call and SQL command at Information. On a busy service that
    /// volume costs more CPU than the requests themselves, so they log warnings and above unless configuration
    /// (<c>Logging:LogLevel:&lt;category&gt;</c>) says otherwise.
    /// </summary>
    private static readonly string[] ChattyCategories =
        ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System.Net.Http.HttpClient", "Yarp"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.QuietChattyFrameworkLogging();
        builder.RedactReceptionTokensInLogs();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry to the OTLP endpoint configuration names (the Aspire dashboard
    /// locally, a collector in production). Without an endpoint nothing is recorded: recording every request, SQL
    /// command and message with nowhere to send it only costs CPU.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql", "MassTransit", "Migration.*"))
            .WithTracing(tracing => tracing
                // Before the exporter, so that no exported span holds a reception token.
                .AddProcessor(new ReceptionTokenRedactor())
                .AddSource(builder.Environment.ApplicationName, "MassTransit", "Migration.*")
                .AddAspNetCoreInstrumentation(aspnet =>
                    aspnet.Filter = context => !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                                               && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql"));

        builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    public static TBuilder QuietChattyFrameworkLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        foreach (var category in ChattyCategories.Where(c => builder.Configuration[$"Logging:LogLevel:{c}"] is null))
        {
            builder.Logging.AddFilter(category, LogLevel.Warning);
        }
        return builder;
    }

    /// <summary>Every logger of the service, the framework's too, writes reception paths without their token (<see cref="RedactingLoggerFactory"/>).</summary>
    public static TBuilder RedactReceptionTokensInLogs<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services => new RedactingLoggerFactory(new LoggerFactory(
            services.GetServices<ILoggerProvider>(), services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(), services.GetService<IExternalScopeProvider>()))));
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Health endpoints are mapped in every environment: the gateway aggregates them and orchestrators probe them.
    /// They report status names only, never configuration or exception details.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        return app;
    }
}
