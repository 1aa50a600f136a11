using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace Migration.CredentialReception.Data;

public enum CredentialWriteOutcome
{
    Written,

    /// <summary>The project was completed or purged; nothing was stored.</summary>
    ProjectClosed,

    /// <summary>The mailbox already holds a credential of this kind that may not be replaced; nothing was stored.</summary>
    AlreadyHeld,
}

/// <summary>Which earlier credential of the same mailbox and kind a write replaces.</summary>
public enum Replacing
{
    /// <summary>Any: an operator's entry overrides what was there.</summary>
    Any,

    /// <summary>Only one the source refused: an end user's second submission does not override the first.</summary>
    RefusedOnly,
}

/// <summary>
/// Stores sealed credentials with the events that announce them in one round trip to PostgreSQL: the statements go as
/// one batch, which PostgreSQL runs as one implicit transaction, so a failing statement undoes all of them. This is the
/// end users' path (Password Reception) and the operators' single entries; they are many and small.
/// </summary>
public sealed class CredentialWriter(CredentialsDbContext db, OutboxSignal signal)
{
    /// <param name="credentials">One or two credentials of one mailbox.</param>
    /// <param name="events">At least one event: they announce the credentials.</param>
    public async Task<CredentialWriteOutcome> WriteAsync(Guid projectId, IReadOnlyList<StoredCredential> credentials, Replacing replacing,
        IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken)
    {
        if (credentials.Count == 0 || credentials.Any(c => c.MailboxId != credentials[0].MailboxId) || events.Count == 0)
        {
            throw new ArgumentException("A write stores one mailbox's credentials with the events that announce them.");
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            // The lock is its own statement: the next statements' snapshots are taken after it is held, so they see a
            // purge that committed while this write waited.
            batch.BatchCommands.Add(Command(ProjectLock.Shared, new NpgsqlParameter<long> { TypedValue = ProjectLock.Key(projectId) }));
            batch.BatchCommands.Add(RemoveEarlier(credentials, replacing));
            var store = Outbox.InsertCommand(events, StoreCredentials(credentials.Count), "EXISTS (SELECT 1 FROM stored)",
                [.. credentials.SelectMany(Parameters)]);
            batch.BatchCommands.Add(store);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            if (store.RecordsAffected == 0)
            {
                return CredentialWriteOutcome.ProjectClosed;
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return CredentialWriteOutcome.AlreadyHeld;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        signal.Notify();
        return CredentialWriteOutcome.Written;
    }

    private static NpgsqlBatchCommand RemoveEarlier(IReadOnlyList<StoredCredential> credentials, Replacing replacing) => Command(
        replacing == Replacing.Any
            ? "DELETE FROM credentials WHERE mailbox_id = $1 AND kind = ANY($2)"
            : "DELETE FROM credentials WHERE mailbox_id = $1 AND kind = ANY($2) AND refused_at IS NOT NULL",
        new NpgsqlParameter<Guid> { TypedValue = credentials[0].MailboxId },
        new NpgsqlParameter<string[]> { TypedValue = [.. credentials.Select(c => c.Kind.ToString())] });

    private const int ColumnsPerCredential = 11;

    /// <summary>
    /// The credentials' insert, as a WITH clause for the events' insert: nothing is inserted once the project is completed
    /// or purged (with the lock held, that cannot change before the commit), and then the events are not either.
    /// </summary>
    private static string StoreCredentials(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => "(" + string.Join(", ",
            Enumerable.Range(i * ColumnsPerCredential + 1, ColumnsPerCredential).Select(n => $"${n}")) + ")");
        return $"""
            WITH stored AS (
                INSERT INTO credentials (id, operator_id, project_id, mailbox_id, kind, username, data_key_id, nonce, ciphertext, submitted_by, stored_at)
                SELECT * FROM (VALUES {string.Join(", ", rows)}) AS given
                WHERE EXISTS (SELECT 1 FROM projects WHERE id = $3 AND completed_at IS NULL AND purged_at IS NULL)
                RETURNING id)
            """;
    }

    private static NpgsqlParameter[] Parameters(StoredCredential credential) =>
    [
        new NpgsqlParameter<Guid> { TypedValue = credential.Id },
        new NpgsqlParameter<Guid> { TypedValue = credential.OperatorId },
        new NpgsqlParameter<Guid> { TypedValue = credential.ProjectId },
        new NpgsqlParameter<Guid> { TypedValue = credential.MailboxId },
        new NpgsqlParameter<string> { TypedValue = credential.Kind.ToString() },
        new NpgsqlParameter { Value = (object?)credential.Username ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
        new NpgsqlParameter<Guid> { TypedValue = credential.DataKeyId },
        new NpgsqlParameter<byte[]> { TypedValue = credential.Nonce },
        new NpgsqlParameter<byte[]> { TypedValue = credential.Ciphertext },
        new NpgsqlParameter<string> { TypedValue = credential.SubmittedBy.ToString() },
        new NpgsqlParameter<DateTimeOffset> { TypedValue = credential.StoredAt },
    ];

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
