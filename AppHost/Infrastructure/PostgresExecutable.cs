using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Migration.Contracts;
using Npgsql;

namespace Migration.AppHost.Infrastructure;

/// <summary>A PostgreSQL server started from the machine's binaries, with the same connection-string contract as Aspire's.</summary>
public sealed class PostgresServerExecutableResource(string name, string command, string workingDirectory, ParameterResource password, int port)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;
    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            expression.AppendLiteral($"Host=127.0.0.1;Port={Port};Username=postgres;Password=");
            expression.AppendFormatted(Password);
            return expression.Build();
        }
    }
}

public sealed class PostgresDatabaseExecutableResource(string name, string databaseName, PostgresServerExecutableResource server)
    : Resource(name), IResourceWithParent<PostgresServerExecutableResource>, IResourceWithConnectionString
{
    public PostgresServerExecutableResource Parent { get; } = server;
    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            expression.AppendFormatted(Parent);
            expression.AppendLiteral($";Database={DatabaseName}");
            return expression.Build();
        }
    }
}

public static class PostgresExecutable
{
    private const string ServiceUser = "postgres";

    /// <summary>
    /// Initialises the data folder on first use and starts <c>postgres</c> on a loopback port. As root, PostgreSQL
    /// refuses to run, so it is started through <c>setpriv</c> (which execs, so Aspire stops the real server).
    /// </summary>
    public static IResourceBuilder<PostgresServerExecutableResource> AddPostgresExecutable(
        this IDistributedApplicationBuilder builder, string name, StateDirectory state, bool ephemeral)
    {
        var binaries = FindBinaries(builder.Configuration);
        var dataDirectory = state.Combine("postgres", "data");
        var socketDirectory = state.Combine("postgres", "run");
        var password = state.GetOrCreateSecret("postgres-password", out _);
        if (builder.ExecutionContext.IsRunMode)
        {
            Initialise(binaries, state.Combine("postgres"), dataDirectory, socketDirectory, password);
        }

        var port = builder.Configuration.GetValue<int?>("Infrastructure:PostgresPort") ?? StateDirectory.FreeTcpPort();
        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);
        var (command, prefix) = AsServiceUser(Path.Combine(binaries, "postgres"));
        var server = new PostgresServerExecutableResource(name, command, state.Path, passwordParameter.Resource, port);

        string[] settings = ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=256MB"];
        string[] fast = ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : [];
        // Extra server settings by name, e.g. the benchmark's pg_stat_statements; none in a normal run.
        var extra = builder.Configuration.GetSection("Infrastructure:PostgresSettings").GetChildren()
            .SelectMany(setting => new[] { "-c", $"{setting.Key}={setting.Value}" }).ToArray();
        var healthCheckKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new PollingHealthCheck(ct => CanConnectAsync($"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Pooling=false;Timeout=2", ct)),
            null, null));

        return builder.AddResource(server)
            .WithArgs([.. prefix, "-D", dataDirectory, "-p", port.ToString(), "-k", socketDirectory, .. settings, .. fast, .. extra])
            .WithEndpoint("tcp", endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "tcp";
            })
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<PostgresDatabaseExecutableResource> AddDatabase(
        this IResourceBuilder<PostgresServerExecutableResource> server, string name) =>
        server.ApplicationBuilder.AddResource(new PostgresDatabaseExecutableResource(name, name, server.Resource))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Running,
                Properties = [],
            });

    private static string FindBinaries(IConfiguration configuration) =>
        configuration["Infrastructure:PostgresBinDirectory"]
        ?? Directory.GetDirectories("/usr/lib/postgresql")
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "postgres")))
        ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql: run ./run.sh, which installs them.");

    private static void Initialise(string binaries, string root, string dataDirectory, string socketDirectory, string password)
    {
        StateDirectory.CreateTraversable(root);
        Directory.CreateDirectory(socketDirectory);
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            ChownToServiceUser(socketDirectory);
            return;
        }
        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(root, "initdb-password");
        PrivateFile.Replace(passwordFile, password);
        try
        {
            ChownToServiceUser(root);
            var (command, prefix) = AsServiceUser(Path.Combine(binaries, "initdb"));
            Run(command, [.. prefix, "-D", dataDirectory, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}",
                "-E", "UTF8", "--no-locale", "--no-sync"]);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static (string Command, string[] Prefix) AsServiceUser(string executable) =>
        Environment.UserName == "root"
            ? ("setpriv", [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", executable])
            : (executable, []);

    private static void ChownToServiceUser(string path)
    {
        if (Environment.UserName == "root")
        {
            Run("chown", ["-R", $"{ServiceUser}:{ServiceUser}", path]);
        }
    }

    private static void Run(string command, string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} failed ({process.ExitCode}): {error.Result}");
        }
    }

    private static async Task<bool> CanConnectAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return true;
    }
}
