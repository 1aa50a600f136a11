using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Api;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;
using Migration.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Migration.Migrations.Import;

/// <summary>
/// Adds uploaded mailboxes to a project in one transaction: rows stream through validation into a binary COPY, and
/// the MailboxesAdded events commit with them through the outbox. A per-project advisory lock makes concurrent
/// uploads to one project take turns, so the duplicate check is exact.
/// </summary>
public sealed class MailboxImporter(MigrationsDbContext db, TimeProvider clock)
{
    private const string CopyCommand =
        $"COPY {MigrationsDbContext.MailboxesTable} (id, project_id, operator_id, source_address, destination_upn, display_name, " +
        "first_name, last_name, password_last_set, password_expires, state, source_status, destination_status, provisioning_status, created_at) " +
        "FROM STDIN (FORMAT BINARY)";

    public async Task<AddMailboxesResponse> ImportAsync(Project project, IAsyncEnumerable<MailboxInput> rows, Guid correlationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var initial = MailboxStatuses.Initial(project.Settings);
        var rejected = new RejectedRows();
        var added = new List<AddedMailbox>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({project.Id.ToString()}, 0))", cancellationToken);
        var known = (await db.Mailboxes.Where(m => m.ProjectId == project.Id).Select(m => m.SourceAddress).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var writer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken))
        {
            var rowNumber = 0;
            await foreach (var input in rows.WithCancellation(cancellationToken))
            {
                rowNumber++;
                var row = MailboxRowValidator.Validate(input, today, out var errors);
                if (row is null)
                {
                    rejected.Add(rowNumber, errors!);
                    continue;
                }
                if (!known.Add(row.SourceAddress))
                {
                    rejected.Add(rowNumber, new Dictionary<string, string[]>
                    {
                        ["sourceAddress"] = ["This source address is already in the project."],
                    });
                    continue;
                }
                var id = Guid.CreateVersion7(now);
                added.Add(new AddedMailbox(id, row.SourceAddress, row.DestinationUpn, row.DisplayName));
                await WriteRowAsync(writer, id, project, row, initial, now, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }

        foreach (var batch in added.Chunk(MailboxesAdded.MaxMailboxesPerEvent))
        {
            db.AddEvent(new MailboxesAdded { OperatorId = project.OperatorId, ProjectId = project.Id, CorrelationId = correlationId, Mailboxes = batch }, clock);
        }
        if (added.Count > 0)
        {
            // A ready project with new mailboxes is no longer ready; it is announced again once they are (ProjectReadiness).
            // Unconditional, so that it waits for a transaction announcing the project at this moment and clears its mark.
            await db.Database.ExecuteSqlAsync($"UPDATE projects SET ready_at = NULL WHERE id = {project.Id}", cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AddMailboxesResponse(added.Count, rejected.Listed, rejected.Count);
    }

    /// <summary>The first rejected rows for the answer and the count of all: a million bad rows cannot fill the memory or the answer.</summary>
    private sealed class RejectedRows
    {
        public List<RejectedRow> Listed { get; } = [];
        public int Count { get; private set; }

        public void Add(int row, Dictionary<string, string[]> errors)
        {
            if (Count++ < UploadLimits.ListedRejectedRows)
            {
                Listed.Add(new RejectedRow(row, errors));
            }
        }
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter writer, Guid id, Project project, ValidMailboxRow row,
        MailboxProgress initial, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await writer.StartRowAsync(cancellationToken);
        await writer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
        await writer.WriteAsync(project.Id, NpgsqlDbType.Uuid, cancellationToken);
        await writer.WriteAsync(project.OperatorId, NpgsqlDbType.Uuid, cancellationToken);
        await writer.WriteAsync(row.SourceAddress, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(row.DestinationUpn, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, row.DisplayName, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, row.FirstName, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, row.LastName, NpgsqlDbType.Text, cancellationToken);
        await WriteNullableAsync(writer, row.PasswordLastSet, NpgsqlDbType.Date, cancellationToken);
        await WriteNullableAsync(writer, PasswordExpiry.ExpiresOn(row.PasswordLastSet, project.PasswordMaxAgeDays), NpgsqlDbType.Date, cancellationToken);
        await writer.WriteAsync(initial.State.ToString(), NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(initial.Source.ToString(), NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(initial.Destination.ToString(), NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(initial.Provisioning.ToString(), NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);
}
