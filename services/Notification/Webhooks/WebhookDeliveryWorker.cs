using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Notification.Data;
using Npgsql;

namespace Migration.Notification.Webhooks;

/// <summary>
/// Sends due deliveries. Each replica claims due rows with <c>FOR UPDATE SKIP LOCKED</c> and pushes them past its try (a
/// lease), so two replicas never send one delivery at once and a replica that dies mid-try leaves it to another after the
/// lease. At most <see cref="WebhookOptions.MaxConcurrency"/> tries run at once, each bounded by its timeout, so a slow or
/// failing subscriber holds one slot for a few seconds and never blocks the others.
/// </summary>
public sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes,
    IOptions<WebhookOptions> options,
    SecretProtector protector,
    WebhookSender sender,
    TimeProvider clock,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    private sealed record Claimed(Guid Id, Guid SubscriptionId, Guid EventId, string EventType, byte[] Body, int Attempts,
        DateTimeOffset CreatedAt, string Url, byte[] ProtectedSecret, Guid Token);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var slots = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimedAll = false;
            try
            {
                var free = slots.CurrentCount;
                if (free > 0)
                {
                    var claimed = await ClaimAsync(free, stoppingToken);
                    claimedAll = claimed.Count == free;
                    foreach (var delivery in claimed)
                    {
                        await slots.WaitAsync(stoppingToken);
                        _ = Task.Run(async () =>
                        {
                            try
                            {
                                await DeliverAsync(delivery, stoppingToken);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        }, CancellationToken.None);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database is away (or a claim failed otherwise): logged, and the next round tries again.
                LogClaimFailed(logger, ex.GetType().Name);
            }
            try
            {
                // More may be due at once when every free slot was filled: look again as soon as a slot frees.
                await Task.Delay(claimedAll ? TimeSpan.FromMilliseconds(20) : settings.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<Claimed>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = clock.GetUtcNow();
        var token = Guid.CreateVersion7();
        var leaseUntil = now + options.Value.RequestTimeout + TimeSpan.FromSeconds(30);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ClaimAsync((NpgsqlConnection)db.Database.GetDbConnection(), limit, token, now, leaseUntil, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<List<Claimed>> ClaimAsync(NpgsqlConnection connection, int limit, Guid token, DateTimeOffset now,
        DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var perSubscription = options.Value.MaxConcurrencyPerSubscription;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Tries under way now, on any replica: a lease not yet over.
        var inFlight = new Dictionary<Guid, int>();
        await using (var command = new NpgsqlCommand("""
            SELECT subscription_id, count(*)::int FROM webhook_deliveries
             WHERE status = 'pending' AND claim_token IS NOT NULL AND next_attempt_at > @now
             GROUP BY subscription_id
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inFlight[reader.GetGuid(0)] = reader.GetInt32(1);
            }
        }
        var saturated = inFlight.Where(s => s.Value >= perSubscription).Select(s => s.Key).ToArray();
        var candidates = new List<(Guid Id, Guid SubscriptionId)>();
        await using (var command = new NpgsqlCommand("""
            SELECT id, subscription_id FROM webhook_deliveries
             WHERE status = 'pending' AND next_attempt_at <= @now AND subscription_id <> ALL(@saturated)
             ORDER BY next_attempt_at LIMIT @scan
             FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("saturated", saturated);
            command.Parameters.AddWithValue("scan", limit * 4);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }
        var chosen = ClaimSelection.Pick(candidates, inFlight, perSubscription, limit);
        var claimed = new List<Claimed>();
        if (chosen.Count > 0)
        {
            await using var command = new NpgsqlCommand("""
                UPDATE webhook_deliveries d
                   SET next_attempt_at = @lease_until, claim_token = @token
                  FROM webhook_subscriptions s
                 WHERE s.id = d.subscription_id AND d.id = ANY(@ids)
                RETURNING d.id, d.subscription_id, d.event_id, d.event_type, d.body, d.attempts, d.created_at, s.url, s.protected_secret
                """, connection, transaction);
            command.Parameters.AddWithValue("lease_until", leaseUntil);
            command.Parameters.AddWithValue("token", token);
            command.Parameters.AddWithValue("ids", chosen.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new Claimed(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), (byte[])reader[4],
                    reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), (byte[])reader[8], token));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    private async Task DeliverAsync(Claimed delivery, CancellationToken stoppingToken)
    {
        SendResult result;
        try
        {
            string signature;
            var secret = protector.Unprotect(delivery.ProtectedSecret, delivery.SubscriptionId);
            try
            {
                signature = WebhookSignature.Sign(secret, delivery.Body);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(secret);
            }
            result = await sender.SendAsync(new Uri(delivery.Url), delivery.Body, signature, delivery.EventId, delivery.EventType, stoppingToken);
        }
        catch (CryptographicException)
        {
            result = new SendResult(null, "secretUnavailable", TimeSpan.Zero);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // The lease runs out and another try follows.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever else went wrong is this try's failure, recorded as such; the delivery goes on with its schedule.
            LogSendFailed(logger, delivery.Id, ex.GetType().Name);
            result = new SendResult(null, "requestFailed", TimeSpan.Zero);
        }

        try
        {
            await RecordAsync(delivery, result, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The try's record is lost with the database; the lease runs out and the delivery is tried again.
            LogRecordFailed(logger, delivery.Id, ex.GetType().Name);
        }
    }

    private async Task RecordAsync(Claimed delivery, SendResult result, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = clock.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        var next = result.Succeeded ? null : RetrySchedule.Next(attempts, delivery.CreatedAt, now, options.Value, Random.Shared.NextDouble());
        var status = result.Succeeded ? WebhookDelivery.Delivered : next is null ? WebhookDelivery.Failed : WebhookDelivery.Pending;
        DateTimeOffset? deliveredAt = result.Succeeded ? now : null;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.WebhookDeliveries
            .Where(d => d.Id == delivery.Id && d.ClaimToken == delivery.Token)
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.DeliveredAt, deliveredAt)
                .SetProperty(d => d.ClaimToken, (Guid?)null), cancellationToken);
        if (updated == 0)
        {
            return; // Deleted with its subscription, or the lease ran out and another try is under way.
        }
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id,
            Number = attempts,
            At = now,
            StatusCode = result.StatusCode,
            Error = result.Error,
            DurationMs = (int)Math.Min(int.MaxValue, result.Duration.TotalMilliseconds),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (!result.Succeeded)
        {
            LogTryFailed(logger, delivery.Id, delivery.SubscriptionId, attempts, result.StatusCode, result.Error, status);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries could not be claimed ({Error}); trying again shortly.")]
    private static partial void LogClaimFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} could not be sent ({Error}).")]
    private static partial void LogSendFailed(ILogger logger, Guid deliveryId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of webhook delivery {DeliveryId} could not be recorded ({Error}); it is tried again.")]
    private static partial void LogRecordFailed(ILogger logger, Guid deliveryId, string error);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Webhook delivery {DeliveryId} to subscription {SubscriptionId}: try {Attempt} failed (status {StatusCode}, error {Error}); now {Status}.")]
    private static partial void LogTryFailed(ILogger logger, Guid deliveryId, Guid subscriptionId, int attempt, int? statusCode, string? error, string status);
}
