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
    public async Task<CredentialWriteOutcome> WriteAsync(Guid projectId, IReadOnlyList<StoredCredential> credentials, Replacing replacing,
        IReadOnlyList<OutboxMessage> events, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(Command(ProjectLock.Shared, new NpgsqlParameter<long> { TypedValue = ProjectLock.Key(projectId) }));
            var inserts = new List<NpgsqlBatchCommand>(credentials.Count);
            foreach (var credential in credentials)
            {
                batch.BatchCommands.Add(RemoveEarlier(credential, replacing));
                inserts.Add(Insert(credential));
                batch.BatchCommands.Add(inserts[^1]);
            }
            // The events go in only with the credentials: none of these rows exist unless this batch inserted them.
            foreach (var message in events)
            {
                batch.BatchCommands.Add(Outbox.InsertCommand(message, "EXISTS (SELECT 1 FROM credentials WHERE id = $6)",
                    new NpgsqlParameter<Guid> { TypedValue = credentials[0].Id }));
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            if (inserts.Any(insert => insert.RecordsAffected == 0))
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
        if (events.Count > 0)
        {
            signal.Notify();
        }
        return CredentialWriteOutcome.Written;
    }

    private static NpgsqlBatchCommand RemoveEarlier(StoredCredential credential, Replacing replacing) => Command(
        replacing == Replacing.Any
            ? "DELETE FROM credentials WHERE mailbox_id = $1 AND kind = $2"
            : "DELETE FROM credentials WHERE mailbox_id = $1 AND kind = $2 AND refused_at IS NOT NULL",
        new NpgsqlParameter<Guid> { TypedValue = credential.MailboxId },
        new NpgsqlParameter<string> { TypedValue = credential.Kind.ToString() });

    /// <summary>Inserts nothing once the project is completed or purged; with the lock held, that cannot change before the commit.</summary>
    private static NpgsqlBatchCommand Insert(StoredCredential credential) => Command("""
        INSERT INTO credentials (id, operator_id, project_id, mailbox_id, kind, username, data_key_id, nonce, ciphertext, submitted_by, stored_at)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
        WHERE EXISTS (SELECT 1 FROM projects WHERE id = $3 AND completed_at IS NULL AND purged_at IS NULL)
        """,
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
        new NpgsqlParameter<DateTimeOffset> { TypedValue = credential.StoredAt });

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
