using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Migration.Messaging;

/// <summary>
/// Signals the dispatcher once a commit has made outbox rows visible, and only then: a signal after every commit (the
/// dispatcher's own "sent" marks and consumers' inbox rows included) cost one empty outbox query each.
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> ContextsWithEvents = new();

    /// <summary>Called by <see cref="Outbox.AddEvent{TEvent}"/>: this context's next commit carries events.</summary>
    internal static void EventAdded(DbContext context) => ContextsWithEvents.AddOrUpdate(context, ContextsWithEvents);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyIfEventsCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyIfEventsCommitted(eventData.Context);

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            NotifyIfEventsCommitted(eventData.Context);
        }
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            NotifyIfEventsCommitted(eventData.Context);
        }
        return result;
    }

    private void NotifyIfEventsCommitted(DbContext? context)
    {
        if (context is not null && ContextsWithEvents.Remove(context))
        {
            signal.Notify();
        }
    }
}
