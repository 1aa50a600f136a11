using System.Text.Json;
using Migration.Contracts.Events;
using Npgsql;
using NpgsqlTypes;

namespace Migration.Messaging;

public static class Outbox
{
    internal static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds an event to the context's outbox. It is published only once the surrounding SaveChanges
    /// (and transaction, if any) commits, and then at least once.
    /// </summary>
    public static OutboxMessage AddEvent<TEvent>(this IMessagingDbContext db, TEvent @event, TimeProvider? clock = null)
        where TEvent : class, IIntegrationEvent
    {
        var message = Message(@event, clock);
        db.OutboxMessages.Add(message);
        if (db is Microsoft.EntityFrameworkCore.DbContext context)
        {
            OutboxSignalInterceptor.EventAdded(context);
        }
        return message;
    }

    /// <summary>The outbox row for an event, for a write that does not go through EF (see <see cref="InsertCommand"/>).</summary>
    public static OutboxMessage Message<TEvent>(TEvent @event, TimeProvider? clock = null)
        where TEvent : class, IIntegrationEvent => new()
    {
        Id = Guid.CreateVersion7(),
        MessageType = TypeName(typeof(TEvent)),
        Payload = JsonSerializer.Serialize(@event, PayloadOptions),
        CorrelationId = @event.CorrelationId,
        OccurredAt = (clock ?? TimeProvider.System).GetUtcNow(),
    };

    /// <summary>
    /// One statement that adds the messages' rows to the outbox after <paramref name="with"/> (a WITH clause whose
    /// parameters are <paramref name="withParameters"/>, $1 onwards) when <paramref name="condition"/> holds. The caller runs
    /// it in the transaction of the change the events announce, and calls <see cref="OutboxSignal.Notify"/> once that commits.
    /// </summary>
    public static NpgsqlBatchCommand InsertCommand(IReadOnlyList<OutboxMessage> messages, string with, string condition, params NpgsqlParameter[] withParameters)
    {
        var command = new NpgsqlBatchCommand();
        command.Parameters.AddRange(withParameters);
        var rows = new List<string>(messages.Count);
        foreach (var message in messages)
        {
            var n = command.Parameters.Count;
            rows.Add($"(${n + 1}, ${n + 2}, ${n + 3}, ${n + 4}, ${n + 5}, 0)");
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = message.Id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.MessageType });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.Payload, NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = message.CorrelationId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = message.OccurredAt });
        }
        command.CommandText = $"""
            {with}
            INSERT INTO {MessagingModel.OutboxTable} (id, message_type, payload, correlation_id, occurred_at, attempts)
            SELECT * FROM (VALUES {string.Join(", ", rows)}) AS events WHERE {condition}
            """;
        return command;
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
