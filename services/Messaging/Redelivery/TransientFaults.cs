using System.Net.Sockets;
using Npgsql;

namespace Migration.Messaging.Redelivery;

/// <summary>
/// Whether a failure can go away by itself (a database or server that is down, restarting or overloaded, a deadlock, a
/// timeout) or will fail the same way every time (a bug, a bad payload). Npgsql's own IsTransient is not enough: it says
/// false for "database is not accepting connections" (55000) and for a session ended by the administrator (57P01).
/// </summary>
public static class TransientFaults
{
    public static bool IsTransient(Exception exception) => Causes(exception).Any(IsTransientCause);

    private static bool IsTransientCause(Exception exception) => exception switch
    {
        NotYetKnownException => true,
        PostgresException postgres => IsTransientSqlState(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or TimeoutException or IOException => true,
        HttpRequestException http => http.StatusCode is null || (int)http.StatusCode >= 500 || (int)http.StatusCode == 429,
        _ => false,
    };

    public static bool IsTransientSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources, too many connections
        || sqlState is "55000" // database not accepting connections (ALLOW_CONNECTIONS false)
            or "55P03" // lock not available
            or "57P01" or "57P02" or "57P03" // admin or crash shutdown, cannot connect now
            or "57014" // statement cancelled (a timeout)
            or "40001" or "40P01" // serialization failure, deadlock
            or "25P03"; // idle in transaction session timeout

    /// <summary>The exception and everything it wraps, including every exception of an aggregate.</summary>
    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
