using Microsoft.Extensions.Diagnostics.HealthChecks;
using Migration.Contracts;
using RabbitMQ.Client;

namespace Migration.AppHost.Infrastructure;

/// <summary>A RabbitMQ node started from the machine's binaries, with the same connection-string contract as Aspire's.</summary>
public sealed class RabbitMqExecutableResource(string name, string command, string workingDirectory, ParameterResource password, int port)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "migration";
    public ParameterResource Password { get; } = password;
    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            expression.AppendLiteral($"amqp://{UserName}:");
            expression.AppendFormatted(Password);
            expression.AppendLiteral($"@127.0.0.1:{Port}/");
            return expression.Build();
        }
    }
}

public static class RabbitMqExecutable
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>
    /// Starts epmd on its own port as a resource of its own (so it stops with the app), then the node, configured
    /// entirely through environment variables and a config file in the state folder.
    /// </summary>
    public static IResourceBuilder<RabbitMqExecutableResource> AddRabbitMqExecutable(
        this IDistributedApplicationBuilder builder, string name, StateDirectory state)
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException($"{ServerScript} is missing: run ./run.sh, which installs rabbitmq-server.");
        }
        var root = state.Combine("rabbitmq");
        var port = builder.Configuration.GetValue<int?>("Infrastructure:RabbitMqPort") ?? StateDirectory.FreeTcpPort();
        var distributionPort = StateDirectory.FreeTcpPort();
        var epmdPort = StateDirectory.FreeTcpPort();
        var password = state.GetOrCreateSecret("rabbitmq-password", out _);
        if (builder.ExecutionContext.IsRunMode)
        {
            WriteConfiguration(root, port, password);
        }

        var epmd = builder.AddExecutable($"{name}-epmd", "epmd", root, "-port", epmdPort.ToString());
        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);
        var node = new RabbitMqExecutableResource(name, ServerScript, root, passwordParameter.Resource, port);
        var healthCheckKey = $"{name}-ready";
        var uri = new Uri($"amqp://{RabbitMqExecutableResource.UserName}:{password}@127.0.0.1:{port}/");
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new PollingHealthCheck(async ct =>
            {
                await using var connection = await new ConnectionFactory { Uri = uri, RequestedConnectionTimeout = TimeSpan.FromSeconds(2) }
                    .CreateConnectionAsync(ct);
                return connection.IsOpen;
            }), null, null));

        return builder.AddResource(node)
            .WithEnvironment("HOME", Path.Combine(root, "home"))
            .WithEnvironment("RABBITMQ_NODENAME", $"{name}@localhost")
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", distributionPort.ToString())
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(root, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(root, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(root, "rabbitmq"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(root, "enabled_plugins"))
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEndpoint("tcp", endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "amqp";
            })
            .WithHealthCheck(healthCheckKey)
            .WaitFor(epmd);
    }

    private static void WriteConfiguration(string root, int port, string password)
    {
        foreach (var folder in new[] { root, Path.Combine(root, "home"), Path.Combine(root, "mnesia"), Path.Combine(root, "log") })
        {
            Directory.CreateDirectory(folder);
        }
        // default_user applies when the node's database is first created; the password is kept in the state folder.
        PrivateFile.Replace(Path.Combine(root, "rabbitmq.conf"), string.Join('\n',
        [
            $"listeners.tcp.default = 127.0.0.1:{port}",
            $"default_user = {RabbitMqExecutableResource.UserName}",
            $"default_pass = {password}",
            "default_vhost = /",
            "loopback_users = none",
            "disk_free_limit.absolute = 50MB",
            "",
        ]));
        File.WriteAllText(Path.Combine(root, "enabled_plugins"), "[].");
    }
}
