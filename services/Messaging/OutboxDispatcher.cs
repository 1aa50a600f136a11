using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Migration.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 200;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>MassTransit's Publish waits for the broker until cancelled, so every publish is bounded.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a published row is kept (to look up what was sent) before it is deleted.</summary>
    public TimeSpan KeepSentFor { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often rows older than <see cref="KeepSentFor"/> are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Attempts after which a row that cannot be published while others can (an unknown type after a deploy, a bad
    /// payload) is parked: set aside with parked_at, counted and logged, never tried again by the dispatcher.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>
/// Publishes committed outbox rows with their own message ids and marks them sent. Several instances can run
/// side by side: rows are claimed with FOR UPDATE SKIP LOCKED.
/// </summary>
public sealed partial class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext, IMessagingDbContext
{
    private const int RemovalChunk = 5000;
    private static readonly ConcurrentDictionary<string, Type> MessageTypes = new();
    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var nextCleanup = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextCleanup)
                {
                    nextCleanup = clock.GetUtcNow() + _options.CleanupInterval;
                    await CleanUpAsync(stoppingToken);
                }
                var published = await DispatchBatchAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                if (published < _options.BatchSize)
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                LogDispatchFailed(logger, ex.GetType().Name, backoff.TotalMilliseconds);
                await Task.Delay(backoff, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows were published.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.OutboxMessages
            .FromSqlRaw($"SELECT * FROM {MessagingModel.OutboxTable} WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY sequence LIMIT {{0}} FOR UPDATE SKIP LOCKED", _options.BatchSize)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // The batch is published at once and its confirms awaited together: the broker client writes many frames per
        // send and the broker confirms many messages per frame, where one publish awaited at a time paid a round trip each.
        var outcomes = await Task.WhenAll(batch.Select(async row =>
        {
            object message;
            Type type;
            try
            {
                (message, type) = Deserialize(row);
            }
            catch (Exception ex)
            {
                return (Row: row, Failure: ex, Poison: true);
            }
            try
            {
                await PublishAsync(row, message, type, cancellationToken);
                return (Row: row, Failure: (Exception?)null, Poison: false);
            }
            catch (Exception ex)
            {
                return (Row: row, Failure: ex, Poison: false);
            }
        }));
        var sentIds = outcomes.Where(o => o.Failure is null).Select(o => o.Row.Id).ToList();
        var publishFailures = outcomes.Where(o => o.Failure is not null && !o.Poison).ToList();
        // A row the broker refuses while it takes the others is as unpublishable as one that cannot be read; when every
        // publish fails, the broker is away: that counts against no row, or an outage of a few minutes would leave every
        // row one hiccup from being parked once the broker is back.
        var poison = outcomes.Where(o => o.Poison || (o.Failure is not null && sentIds.Count > 0)).ToList();
        if (poison.Count > 0)
        {
            await CountPoisonAsync(db, poison.Select(o => (o.Row, o.Failure!)).ToList());
        }

        // Rows published despite a failure are marked sent, so a broker outage does not republish them. The mark need
        // not wait for the disk: one lost in a crash only republishes rows under their own message ids, which every
        // consumer's inbox recognises. One round trip for both statements.
        if (sentIds.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"SET LOCAL synchronous_commit = off; UPDATE {MessagingModel.OutboxTable} SET sent_at = {{0}} WHERE id = ANY({{1}})",
                [clock.GetUtcNow(), sentIds.ToArray()], CancellationToken.None);
        }
        await transaction.CommitAsync(CancellationToken.None);
        if (publishFailures.Count > 0 && sentIds.Count == 0 && poison.Count == 0)
        {
            throw new OutboxPublishException(0, publishFailures[0].Failure!);
        }
        return sentIds.Count;
    }

    /// <summary>Counts a failed attempt of each unpublishable row and parks those that reached <see cref="OutboxOptions.MaxAttempts"/>.</summary>
    private async Task CountPoisonAsync(TDbContext db, IReadOnlyList<(OutboxMessage Row, Exception Failure)> poison)
    {
        var parkedIds = (await db.Database.SqlQueryRaw<Guid>($$"""
            WITH counted AS (
                UPDATE {{MessagingModel.OutboxTable}}
                SET attempts = attempts + 1, parked_at = CASE WHEN attempts + 1 >= {1} THEN {2}::timestamptz END
                WHERE id = ANY({0}) RETURNING id, parked_at)
            SELECT id AS "Value" FROM counted WHERE parked_at IS NOT NULL
            """, [poison.Select(p => p.Row.Id).ToArray(), _options.MaxAttempts, clock.GetUtcNow()]).ToListAsync(CancellationToken.None)).ToHashSet();
        foreach (var (row, failure) in poison)
        {
            OutboxMetrics.PoisonAttempts.Add(1);
            if (parkedIds.Contains(row.Id))
            {
                OutboxMetrics.Parked.Add(1);
                LogParked(logger, row.Id, row.MessageType, row.Attempts + 1, failure.GetType().Name);
            }
            else
            {
                LogPoisonAttempt(logger, row.Id, row.MessageType, row.Attempts + 1, failure.GetType().Name);
            }
        }
    }

    /// <summary>A clean-up that fails is tried again at the next interval; it never holds up publishing.</summary>
    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RemoveSentAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCleanupFailed(logger, ex.GetType().Name, _options.CleanupInterval.TotalMinutes);
        }
    }

    /// <summary>
    /// Deletes rows published longer ago than <see cref="OutboxOptions.KeepSentFor"/>, a bounded number per statement so
    /// that no statement holds the table long; unsent rows are never touched. Returns how many went.
    /// </summary>
    public async Task<int> RemoveSentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var before = clock.GetUtcNow() - _options.KeepSentFor;
        var removed = 0;
        int chunk;
        do
        {
            chunk = await db.Database.ExecuteSqlRawAsync($$"""
                DELETE FROM {{MessagingModel.OutboxTable}} WHERE id IN (
                    SELECT id FROM {{MessagingModel.OutboxTable}} WHERE sent_at < {0} LIMIT {{RemovalChunk}})
                """, [before], cancellationToken);
            removed += chunk;
        }
        while (chunk == RemovalChunk);
        return removed;
    }

    private static (object Message, Type Type) Deserialize(OutboxMessage row)
    {
        var type = MessageTypes.GetOrAdd(row.MessageType, name => Type.GetType(name, throwOnError: true)!);
        var message = JsonSerializer.Deserialize(row.Payload, type, Outbox.PayloadOptions)
                      ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty payload.");
        return (message, type);
    }

    private async Task PublishAsync(OutboxMessage row, object message, Type type, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(message, type, context =>
        {
            context.MessageId = row.Id;
            context.CorrelationId = row.CorrelationId;
        }, timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {RowId} ({MessageType}) could not be published ({ErrorType}), attempt {Attempt}")]
    private static partial void LogPoisonAttempt(ILogger logger, Guid rowId, string messageType, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {RowId} ({MessageType}) parked after {Attempt} attempts ({ErrorType}); the others go on")]
    private static partial void LogParked(ILogger logger, Guid rowId, string messageType, int attempt, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox clean-up failed ({ErrorType}); trying again in {IntervalMinutes} min")]
    private static partial void LogCleanupFailed(ILogger logger, string errorType, double intervalMinutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed ({ErrorType}); retrying in {BackoffMs} ms")]
    private static partial void LogDispatchFailed(ILogger logger, string errorType, double backoffMs);
}

public sealed class OutboxPublishException(int publishedBeforeFailure, Exception inner)
    : Exception($"Publishing from the outbox failed after {publishedBeforeFailure} message(s).", inner);
