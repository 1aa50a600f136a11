namespace Migration.AppHost;

public static class Settings
{
    /// <summary>
    /// Hands a section of the AppHost's configuration (command line, environment) to a service, so a local run, a test or
    /// a benchmark can tune it: e.g. <c>Vault:Retention</c> or <c>Gateway:ReceptionRateLimit:PerAddressBurst</c>.
    /// </summary>
    public static IResourceBuilder<T> WithSettings<T>(this IResourceBuilder<T> resource, IConfiguration configuration, string section, params string[] except)
        where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null && !except.Any(e => key.Equals($"{section}:{e}", StringComparison.OrdinalIgnoreCase)))
            {
                resource.WithEnvironment(key.Replace(":", "__"), value);
            }
        }
        return resource;
    }

    /// <summary>
    /// <c>Telemetry:Export=false</c> (tests and benchmarks, which run without the Aspire dashboard): the services get no
    /// OTLP endpoint, so they record no telemetry instead of exporting it every second to a collector that is not there.
    /// </summary>
    public static IResourceBuilder<T> WithTelemetryExportSetting<T>(this IResourceBuilder<T> resource, IConfiguration configuration)
        where T : IResourceWithEnvironment =>
        configuration.GetValue("Telemetry:Export", true) ? resource : resource.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", "");

    /// <summary>
    /// The services' log levels from the AppHost's <c>ServiceLogging</c> section (e.g.
    /// <c>ServiceLogging:LogLevel:Microsoft.EntityFrameworkCore=Information</c>), kept apart from the AppHost's own.
    /// </summary>
    public static IResourceBuilder<T> WithServiceLogging<T>(this IResourceBuilder<T> resource, IConfiguration configuration)
        where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in configuration.GetSection("ServiceLogging").AsEnumerable())
        {
            if (value is not null)
            {
                resource.WithEnvironment("Logging" + key["ServiceLogging".Length..].Replace(":", "__"), value);
            }
        }
        return resource;
    }
}
