using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Npgsql;

namespace Migration.CredentialReception.Reception;

/// <summary>
/// A mailbox with its project and the credentials it holds, as one hand-written query: every reception page load and
/// submission starts with it, and building the same query through LINQ cost several times its execution (see decision
/// 0009). Null when no mailbox matches.
/// </summary>
public sealed class EndUserLookup(CredentialsDbContext db)
{
    private const string Select = """
        SELECT m.id, m.project_id, m.operator_id, m.source_address, m.destination_upn, m.display_name,
               p.operator_id, p.name, p.customer_name, p.operator_name, p.source_password_required, p.destination_password_required,
               p.destination_password_from_end_user, p.outlook_assistant_download, p.created_at, p.completed_at, p.purged_at,
               c.kind, c.refused_reason, c.verified_at IS NOT NULL
        FROM mailboxes m
        JOIN projects p ON p.id = m.project_id
        LEFT JOIN credentials c ON c.mailbox_id = m.id
        """;

    /// <summary>The mailbox of a link that is neither revoked nor expired at <paramref name="now"/>.</summary>
    public Task<(KnownMailbox Mailbox, KnownProject Project, ReceptionView View)?> ByLinkAsync(byte[] tokenHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        LoadAsync($"{Select}\nJOIN reception_links l ON l.mailbox_id = m.id\nWHERE l.token_hash = $1 AND l.revoked_at IS NULL AND l.expires_at > $2",
            [new NpgsqlParameter<byte[]> { TypedValue = tokenHash }, new NpgsqlParameter<DateTimeOffset> { TypedValue = now }], cancellationToken);

    public Task<(KnownMailbox Mailbox, KnownProject Project, ReceptionView View)?> ByMailboxAsync(Guid mailboxId, CancellationToken cancellationToken) =>
        LoadAsync($"{Select}\nWHERE m.id = $1", [new NpgsqlParameter<Guid> { TypedValue = mailboxId }], cancellationToken);

    private async Task<(KnownMailbox Mailbox, KnownProject Project, ReceptionView View)?> LoadAsync(string sql, NpgsqlParameter[] parameters,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            var mailbox = new KnownMailbox
            {
                Id = reader.GetGuid(0),
                ProjectId = reader.GetGuid(1),
                OperatorId = reader.GetGuid(2),
                SourceAddress = reader.GetString(3),
                DestinationUpn = reader.GetString(4),
                DisplayName = reader.IsDBNull(5) ? null : reader.GetString(5),
            };
            var project = new KnownProject
            {
                Id = mailbox.ProjectId,
                OperatorId = reader.GetGuid(6),
                Name = reader.GetString(7),
                CustomerName = reader.GetString(8),
                OperatorName = reader.GetString(9),
                SourcePasswordRequired = reader.GetBoolean(10),
                DestinationPasswordRequired = reader.GetBoolean(11),
                DestinationPasswordFromEndUser = reader.GetBoolean(12),
                OutlookAssistantDownload = reader.GetBoolean(13),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(14),
                CompletedAt = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
                PurgedAt = reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
            };
            var held = new List<EndUserViews.HeldCredential>(2);
            do
            {
                if (!reader.IsDBNull(17))
                {
                    held.Add(new(Enum.Parse<CredentialKind>(reader.GetString(17)), reader.IsDBNull(18) ? null : reader.GetString(18), reader.GetBoolean(19)));
                }
            }
            while (await reader.ReadAsync(cancellationToken));
            return (mailbox, project, EndUserViews.Build(mailbox, project, held));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
