using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Migration.ServiceDefaults.Data;

public static class DatabaseConnection
{
    /// <summary>
    /// A service's database connection string with automatic statement preparation on, unless the string says otherwise:
    /// the services run the same few statements all day, and without it PostgreSQL parses and plans each one every time.
    /// Pooled connections are not reset on return either: no service leaves session state behind (locks are
    /// transaction-scoped, settings SET LOCAL), and with prepared statements the reset is seven statements per return.
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
        return connection.ConnectionString;
    }
}
