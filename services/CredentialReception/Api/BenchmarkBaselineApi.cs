using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.CredentialReception.Data;

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
        return routes;
    }

    private static int _tableCreated;

    private static async Task<Accepted> Insert(CredentialsDbContext db, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tableCreated) == 0)
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS benchmark_baseline (id uuid PRIMARY KEY, created_at timestamptz NOT NULL)", cancellationToken);
            Volatile.Write(ref _tableCreated, 1);
        }
        await db.Database.ExecuteSqlAsync($"INSERT INTO benchmark_baseline (id, created_at) VALUES ({Guid.CreateVersion7()}, now())", cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
