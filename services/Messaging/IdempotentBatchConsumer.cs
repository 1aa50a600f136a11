using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Migration.Messaging;

/// <summary>
/// An <see cref="IdempotentConsumer{TMessage,TDbContext}"/> for many messages at once: the batch's effects and the records
/// that it handled them commit in one transaction, so a message costs a share of one commit and a few round trips instead
/// of its own. If the batch fails as a whole, each message is tried again in a transaction of its own, so that one bad
/// message does not hold back the others; the batch then fails only if one of them does, and a redelivery finds the rest
/// already handled.
/// </summary>
public abstract class IdempotentBatchConsumer<TMessage, TDbContext>(TDbContext db) : IConsumer<Batch<TMessage>>
    where TMessage : class
    where TDbContext : DbContext, IMessagingDbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>Distinguishes consumers of the same message in one database; the same as a single-message consumer's.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var messages = context.Message;
        try
        {
            await HandleInTransactionAsync([.. messages], context.CancellationToken);
        }
        catch (Exception) when (messages.Length > 1 && !context.CancellationToken.IsCancellationRequested)
        {
            Db.ChangeTracker.Clear();
            List<Exception>? failures = null;
            foreach (var message in messages)
            {
                try
                {
                    await HandleInTransactionAsync([message], context.CancellationToken);
                }
                catch (Exception ex)
                {
                    Db.ChangeTracker.Clear();
                    (failures ??= []).Add(ex);
                }
            }
            if (failures is not null)
            {
                throw new AggregateException($"{failures.Count} of {messages.Length} {typeof(TMessage).Name} message(s) failed.", failures);
            }
        }
    }

    private async Task HandleInTransactionAsync(IReadOnlyList<ConsumeContext<TMessage>> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.MessageId ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id."))
            .ToArray();
        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        var firstTime = (await Db.Database.SqlQuery<Guid>($"""
                INSERT INTO inbox_messages (message_id, consumer, processed_at)
                SELECT DISTINCT id, {ConsumerName}, now() FROM unnest({ids}) AS given(id)
                ON CONFLICT DO NOTHING RETURNING message_id AS "Value"
                """).ToListAsync(cancellationToken)).ToHashSet();
        // A message delivered twice within one batch is handled once, at its first place.
        var fresh = messages.Where(m => firstTime.Remove(m.MessageId!.Value)).ToList();
        if (fresh.Count == 0)
        {
            return;
        }
        await HandleAsync(fresh, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The effects of messages not handled before, in their order; changes go through <see cref="Db"/> and are saved by the base class.</summary>
    protected abstract Task HandleAsync(IReadOnlyList<ConsumeContext<TMessage>> messages, CancellationToken cancellationToken);
}
