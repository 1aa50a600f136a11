using System.Text.Json;
using Migration.Contracts.Events;

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
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            MessageType = TypeName(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(@event, PayloadOptions),
            CorrelationId = @event.CorrelationId,
            OccurredAt = (clock ?? TimeProvider.System).GetUtcNow(),
        };
        db.OutboxMessages.Add(message);
        if (db is Microsoft.EntityFrameworkCore.DbContext context)
        {
            OutboxSignalInterceptor.EventAdded(context);
        }
        return message;
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
