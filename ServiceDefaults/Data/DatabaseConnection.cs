using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Migration.ServiceDefaults.Data;

public static class DatabaseConnection
{
    /// <summary>
    /// A transaction left open by a hung or stopped process is ended by the server after this long, so that its locks
    /// do not hold up every other writer of the same rows; no service waits for anything but the database inside one.
    /// </summary>
    public const int IdleInTransactionTimeoutMs = 60_000;

    /// <summary>
    /// A service's database connection string with automatic statement preparation on, unless the string says otherwise:
    /// the services run the same few statements all day, and without it PostgreSQL parses and plans each one every time.
    /// Pooled connections are not reset on return either: no service leaves session state behind (locks are
    /// transaction-scoped, settings SET LOCAL), and with prepared statements the reset is seven statements per return.
    /// A transaction left idle times out (see <see cref="IdleInTransactionTimeoutMs"/>).
    /// </summary>
    public static string GetDatabaseConnectionString(this IConfiguration configuration, string name)
    {
        var configured = configuration.GetConnectionString(name)
                         ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not configured.");
        var connection = new NpgsqlConnectionStringBuilder(configured);
        if (!configured.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !configured.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            connection.MaxAutoPrepare = 64;
            connection.AutoPrepareMinUsages = 2;
        }
        if (!configured.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !configured.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            connection.NoResetOnClose = true;
        }
        if (!configured.Contains("idle_in_transaction_session_timeout", StringComparison.OrdinalIgnoreCase))
        {
            connection.Options = $"{connection.Options} -c idle_in_transaction_session_timeout={IdleInTransactionTimeoutMs}".Trim();
        }
        return connection.ConnectionString;
    }
}
