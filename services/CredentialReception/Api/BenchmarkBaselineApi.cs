using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.CredentialReception.Data;
using Migration.Messaging;
using Npgsql;

namespace Migration.CredentialReception.Api;

/// <summary>
/// The benchmark's baseline: a bare endpoint of this service that inserts one row into the same PostgreSQL, with no
/// parsing, vault or outbox. Anonymous like the reception submission it is compared with, so that the two differ only
/// in their work. Mapped only when <c>Benchmark:BaselineEndpoint</c> is true, never in a normal run.
/// </summary>
public static class BenchmarkBaselineApi
{
    public static IEndpointRouteBuilder MapBenchmarkBaselineApi(this IEndpointRouteBuilder routes, IConfiguration configuration)
    {
        if (!configuration.GetValue(BenchmarkBaseline.EnabledSetting, false))
        {
            return routes;
        }
        routes.MapPost(BenchmarkBaseline.Path, Insert).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost(BenchmarkBaseline.WithEventPath, InsertWithEvent).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static int _tableCreated;

    private static async Task<Accepted> Insert(CredentialsDbContext db, CancellationToken cancellationToken)
    {
        await CreateTableOnceAsync(db, cancellationToken);
        await db.Database.ExecuteSqlAsync($"INSERT INTO benchmark_baseline (id, created_at) VALUES ({Guid.CreateVersion7()}, now())", cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>The row and its event in one statement, one round trip, as the vault's own writes do; the dispatcher publishes it.</summary>
    private static async Task<Accepted> InsertWithEvent(CredentialsDbContext db, OutboxSignal signal, CancellationToken cancellationToken)
    {
        await CreateTableOnceAsync(db, cancellationToken);
        var id = Guid.CreateVersion7();
        var written = Outbox.Message(new BenchmarkBaselineRowWritten { OperatorId = Guid.Empty, CorrelationId = id, RowId = id });
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(Outbox.InsertCommand([written],
                "WITH stored AS (INSERT INTO benchmark_baseline (id, created_at) VALUES ($1, now()) RETURNING id)", "EXISTS (SELECT 1 FROM stored)",
                new NpgsqlParameter<Guid> { TypedValue = id }));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        signal.Notify();
        return TypedResults.Accepted((string?)null);
    }

    private static async Task CreateTableOnceAsync(CredentialsDbContext db, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableCreated) == 0)
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS benchmark_baseline (id uuid PRIMARY KEY, created_at timestamptz NOT NULL)", cancellationToken);
            Volatile.Write(ref _tableCreated, 1);
        }
    }
}
