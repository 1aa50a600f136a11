using Microsoft.EntityFrameworkCore;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Checks;

/// <summary>
/// A source with checks due, its cap (the smallest maxConcurrency of the projects that share it), and whether a project
/// grant's preflight is among them.
/// </summary>
public sealed record DueSource(string SourceKey, int MaxConcurrency, bool GrantDue);

/// <summary>A claimed check: a mailbox, or (no <see cref="MailboxId"/>) a project's grant against its test mailbox.</summary>
public sealed record ClaimedCheck(Guid ProjectId, Guid OperatorId, Guid? MailboxId, string? Address, Guid? CredentialReference);

/// <summary>
/// The due checks, in the database: rows whose due time has come, claimed one at a time with SKIP LOCKED so that no two
/// replicas run the same check; a claim lapses after the lease duration if its replica dies.
/// </summary>
public sealed class CheckQueue(SourceAccessDbContext db)
{
    private const string Eligible = """
        m.due_at <= now() AND m.address IS NOT NULL AND (m.claimed_until IS NULL OR m.claimed_until < now())
        AND ((p.method = 'Password' AND m.credential_reference IS NOT NULL) OR (p.method <> 'Password' AND p.grant_status = 'Verified'))
        """;

    private const string GrantEligible = """
        p.grant_check_due_at <= now() AND p.grant_reference IS NOT NULL
        AND (p.grant_check_claimed_until IS NULL OR p.grant_check_claimed_until < now())
        """;

    public Task<List<DueSource>> DueSourcesAsync(CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<DueSource>($"""
            SELECT p.source_key AS "SourceKey", min(p.max_concurrency) AS "MaxConcurrency", coalesce(bool_or({GrantEligible}), false) AS "GrantDue"
            FROM source_projects p
            WHERE p.completed_at IS NULL AND (({GrantEligible}) OR EXISTS (SELECT 1 FROM source_mailboxes m WHERE m.project_id = p.id AND {Eligible}))
            GROUP BY p.source_key
            """).ToListAsync(cancellationToken);

    /// <summary>
    /// The next due check of the source: a grant's preflight first, since its mailboxes wait for it. The grant's
    /// statement runs only when the source had one due (<paramref name="grantsDue"/>): most sources have none, and a
    /// grant submitted meanwhile is claimed by the next drain.
    /// </summary>
    public async Task<ClaimedCheck?> ClaimAsync(string sourceKey, bool grantsDue, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (grantsDue && await ClaimGrantAsync(sourceKey, duration, cancellationToken) is { } grant)
        {
            return grant;
        }
        var mailbox = await db.Database.SqlQueryRaw<ClaimedCheck>($"""
            UPDATE source_mailboxes c SET claimed_until = now() + @duration
            FROM source_projects p
            WHERE p.id = c.project_id AND c.id = (
                SELECT m.id FROM source_mailboxes m JOIN source_projects p ON p.id = m.project_id
                WHERE p.source_key = @sourceKey AND p.completed_at IS NULL AND {Eligible}
                ORDER BY m.due_at LIMIT 1 FOR UPDATE OF m SKIP LOCKED)
            RETURNING c.project_id AS "ProjectId", c.operator_id AS "OperatorId", c.id AS "MailboxId", c.address AS "Address",
                CASE WHEN p.method = 'Password' THEN c.credential_reference ELSE p.grant_reference END AS "CredentialReference"
            """, new Npgsql.NpgsqlParameter("duration", duration), new Npgsql.NpgsqlParameter("sourceKey", sourceKey)).ToListAsync(cancellationToken);
        return mailbox.Count > 0 ? mailbox[0] : null;
    }

    private async Task<ClaimedCheck?> ClaimGrantAsync(string sourceKey, TimeSpan duration, CancellationToken cancellationToken)
    {
        var grant = await db.Database.SqlQuery<ClaimedCheck>($"""
            UPDATE source_projects p SET grant_check_claimed_until = now() + {duration}
            WHERE p.id = (
                SELECT id FROM source_projects
                WHERE source_key = {sourceKey} AND completed_at IS NULL AND grant_reference IS NOT NULL AND grant_check_due_at <= now()
                  AND (grant_check_claimed_until IS NULL OR grant_check_claimed_until < now())
                ORDER BY grant_check_due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING p.id AS "ProjectId", p.operator_id AS "OperatorId", NULL::uuid AS "MailboxId",
                coalesce(p.grant_test_mailbox,
                    (SELECT m.address FROM source_mailboxes m WHERE m.project_id = p.id AND m.address IS NOT NULL ORDER BY m.added_at, m.id LIMIT 1)) AS "Address",
                p.grant_reference AS "CredentialReference"
            """).ToListAsync(cancellationToken);
        return grant.Count > 0 ? grant[0] : null;
    }

    /// <summary>Keeps a running check's claim (a mailbox's, or a project's grant check) from lapsing.</summary>
    public static async Task RenewClaimAsync(SourceAccessDbContext db, Guid id, TimeSpan duration, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"UPDATE source_mailboxes SET claimed_until = now() + {duration} WHERE id = {id} AND claimed_until IS NOT NULL", cancellationToken);
        await db.Database.ExecuteSqlAsync($"UPDATE source_projects SET grant_check_claimed_until = now() + {duration} WHERE id = {id} AND grant_check_claimed_until IS NOT NULL", cancellationToken);
    }
}
