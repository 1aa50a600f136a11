using System.Text;
using Migration.Contracts;
using Npgsql;

namespace Migration.Benchmarks;

/// <summary>
/// What PostgreSQL spent by statement (pg_stat_statements, preloaded only when asked for): where a submission's database
/// time goes, next to the baseline's.
/// </summary>
public static class PostgresStatements
{
    public const string PreloadSetting = "Infrastructure:PostgresSettings:shared_preload_libraries=pg_stat_statements";

    public static async Task ResetAsync(PlatformUnderTest platform)
    {
        await using var connection = await OpenAsync(platform);
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The statements run since the reset, by total execution time, per submission of the last window.</summary>
    public static async Task<string> ReportAsync(PlatformUnderTest platform, int baselineRequests, int receptionRequests)
    {
        await using var connection = await OpenAsync(platform);
        await using var command = new NpgsqlCommand("""
            SELECT d.datname, s.calls, s.total_exec_time, s.total_plan_time, s.wal_bytes, s.shared_blks_dirtied, left(regexp_replace(s.query, '\s+', ' ', 'g'), 110)
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT 20
            """, connection);
        var report = new StringBuilder($"""
            PostgreSQL statements over the last pair (baseline {baselineRequests} requests, then reception {receptionRequests} submissions and
            whatever their events caused meanwhile), per reception submission:

            | database | calls | exec µs | plan µs | WAL bytes | blocks dirtied | statement |
            |---|---:|---:|---:|---:|---:|---|

            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            double Per(double value) => value / receptionRequests;
            report.AppendLine($"| {reader.GetString(0)} | {Per(reader.GetInt64(1)):F2} | {Per(reader.GetDouble(2) * 1000):F1} | {Per(reader.GetDouble(3) * 1000):F1} | " +
                              $"{Per((double)reader.GetDecimal(4)):F0} | {Per(reader.GetInt64(5)):F2} | `{reader.GetString(6).Replace("|", "\\|")}` |");
        }
        return report.ToString();
    }

    private static async Task<NpgsqlConnection> OpenAsync(PlatformUnderTest platform)
    {
        var connection = new NpgsqlConnection(await platform.ConnectionStringAsync(ResourceNames.CredentialReceptionDatabase));
        await connection.OpenAsync();
        return connection;
    }
}
