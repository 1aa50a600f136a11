namespace Migration.AppHost;

public static class GatewayPortExtensions
{
    public const int DefaultPort = 5080;

    /// <summary><c>Gateway:Port</c>, 5080 by default; 0 lets the AppHost choose (tests).</summary>
    public static int? GatewayPort(this IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue<int?>("Gateway:Port") is { } port ? (port == 0 ? null : port) : DefaultPort;
}
