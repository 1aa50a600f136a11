using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Migration.Dashboard.Data;

namespace Migration.Dashboard.Auth;

/// <summary>
/// Which sign-in sessions were signed out, in the database every replica shares: a cookie is a bearer token, so ending
/// one browser's copy is not enough (docs/decisions/0025).
/// </summary>
public sealed class SessionRevocations(IServiceScopeFactory scopes, ILogger<SessionRevocations> logger)
{
    /// <summary>The longest a cookie stays valid unused; a session signed out longer ago has no cookie left to refuse.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public async Task SignOutAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
        var now = DateTimeOffset.UtcNow;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO signed_out_sessions (session_id, signed_out_at) VALUES ({sessionId}, {now}) ON CONFLICT (session_id) DO NOTHING",
            cancellationToken);
        await db.SignedOutSessions.Where(s => s.SignedOutAt < now - SessionLifetime).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the session was signed out. While the database cannot answer, a session counts as not signed out: its
    /// cookie is still one this dashboard encrypted, and a moment of database trouble must not sign every operator out.
    /// </summary>
    public async Task<bool> IsSignedOutAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDbContext>();
            return await db.SignedOutSessions.AnyAsync(s => s.SessionId == sessionId, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not tell whether a session was signed out; it is taken as signed in until the database answers");
            return false;
        }
    }
}
