using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Migration.Contracts;
using Npgsql;

namespace Migration.IntegrationTests;

/// <summary>Taking one service's database away without stopping PostgreSQL, and reading the broker's queues.</summary>
public static class FaultInjection
{
    /// <summary>
    /// The database refuses new connections and its sessions are ended, as when it fails over or is restored; the
    /// other databases of the server keep working. Dispose the answer to allow connections again.
    /// </summary>
    public static async Task<IAsyncDisposable> BlockDatabaseAsync(this PlatformFixture platform, string database)
    {
        await ExecuteAsSuperuserAsync(platform, $"""
            ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS false;
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();
            """);
        return new Unblock(platform, database);
    }

    private static async Task ExecuteAsSuperuserAsync(PlatformFixture platform, string sql)
    {
        var connection = new NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(ResourceNames.Postgres)) { Database = "postgres", Pooling = false };
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private sealed class Unblock(PlatformFixture platform, string database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await ExecuteAsSuperuserAsync(platform, $"""ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS true""");
            // The test's own pooled connections to it were ended too.
            NpgsqlConnection.ClearAllPools();
        }
    }

    /// <summary>Every queue of the broker with its messages (ready and unacknowledged), as rabbitmqctl lists them.</summary>
    public static async Task<Dictionary<string, long>> QueueDepthsAsync(this PlatformFixture platform)
    {
        var epmd = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ExecutableResource>()
            .Single(r => r.Name == $"{ResourceNames.RabbitMq}-epmd");
#pragma warning disable CS0618 // The replacement needs an execution context; epmd's arguments are plain strings.
        var arguments = await epmd.GetArgumentValuesAsync();
#pragma warning restore CS0618
        var start = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl",
            ["-n", $"{ResourceNames.RabbitMq}@localhost", "list_queues", "name", "messages", "--quiet", "--no-table-headers"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = Path.Combine(platform.StateDirectory, "rabbitmq", "home");
        start.Environment["ERL_EPMD_PORT"] = arguments[Array.IndexOf(arguments, "-port") + 1];
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = await process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl list_queues failed ({process.ExitCode}): {errors}");
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(fields => fields.Length == 2 && long.TryParse(fields[1], out _))
            .ToDictionary(fields => fields[0], fields => long.Parse(fields[1]));
    }

    /// <summary>The messages in every error queue, by queue.</summary>
    public static async Task<Dictionary<string, long>> ErrorQueueDepthsAsync(this PlatformFixture platform) =>
        (await platform.QueueDepthsAsync()).Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal)).ToDictionary();
}
