using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.Messaging;

namespace Migration.IntegrationTests;

/// <summary>The transactional outbox and the idempotent inbox, on the real PostgreSQL and RabbitMQ.</summary>
public sealed class OutboxTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_a_commit_that_makes_events_visible_wakes_the_dispatcher()
    {
        var signal = new OutboxSignal();
        var database = $"outbox_{Guid.NewGuid():N}";
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(Contracts.ResourceNames.Postgres)) { Database = database }.ConnectionString;
        var options = new DbContextOptionsBuilder<OutboxTestDbContext>().UseNpgsql(connectionString)
            .AddInterceptors(new OutboxSignalInterceptor(signal)).Options;
        await using (var setup = new OutboxTestDbContext(options))
        {
            await setup.Database.EnsureCreatedAsync(Cancel);
        }
        var quickly = TimeSpan.FromMilliseconds(300);

        await using (var db = new OutboxTestDbContext(options))
        {
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "no event" });
            await db.SaveChangesAsync(Cancel);
        }
        Assert.False(await signal.WaitAsync(quickly, Cancel));

        await using (var db = new OutboxTestDbContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            var id = Guid.NewGuid();
            db.Widgets.Add(new Widget { Id = id, Name = "event in a transaction" });
            db.AddEvent(Created(id));
            await db.SaveChangesAsync(Cancel);
            Assert.False(await signal.WaitAsync(quickly, Cancel));
            await transaction.CommitAsync(Cancel);
        }
        Assert.True(await signal.WaitAsync(quickly, Cancel));

        await using (var db = new OutboxTestDbContext(options))
        {
            var id = Guid.NewGuid();
            db.Widgets.Add(new Widget { Id = id, Name = "event without a transaction" });
            db.AddEvent(Created(id));
            await db.SaveChangesAsync(Cancel);
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "then no event" });
            Assert.True(await signal.WaitAsync(quickly, Cancel));
            await db.SaveChangesAsync(Cancel);
        }
        Assert.False(await signal.WaitAsync(quickly, Cancel));
    }

    [Fact]
    public async Task A_rolled_back_transaction_publishes_nothing_and_a_committed_one_is_delivered()
    {
        await using var service = await OutboxHost.StartAsync(platform, Cancel);
        var rolledBack = Guid.NewGuid();
        var committed = Guid.NewGuid();

        await service.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            db.Widgets.Add(new Widget { Id = rolledBack, Name = "never" });
            db.AddEvent(Created(rolledBack));
            await db.SaveChangesAsync(Cancel);
            await transaction.RollbackAsync(Cancel);
            return 0;
        });
        await service.WithDbAsync(async db =>
        {
            db.Widgets.Add(new Widget { Id = committed, Name = "kept" });
            db.AddEvent(Created(committed));
            return await db.SaveChangesAsync(Cancel);
        });

        await Eventually(() => service.WithDbAsync(db => db.Handled.AnyAsync(h => h.WidgetId == committed, Cancel)));
        // The rolled-back event never reached the outbox, so nothing can publish it: the one row is the committed event's.
        Assert.False(await service.WithDbAsync(db => db.Handled.AnyAsync(h => h.WidgetId == rolledBack, Cancel)));
        Assert.False(await service.WithDbAsync(db => db.Widgets.AnyAsync(w => w.Id == rolledBack, Cancel)));
        var outbox = await service.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync(Cancel));
        var row = Assert.Single(outbox);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task A_message_delivered_twice_has_its_effect_once()
    {
        await using var service = await OutboxHost.StartAsync(platform, Cancel);
        var consumed = 0;
        var bus = service.Host.Services.GetRequiredService<IBusControl>();
        using var observer = bus.ConnectConsumeMessageObserver(new CountingObserver(() => Interlocked.Increment(ref consumed)));

        var widgetId = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        for (var delivery = 0; delivery < 2; delivery++)
        {
            await bus.Publish(Created(widgetId), context => context.MessageId = messageId, Cancel);
        }

        await Eventually(() => Task.FromResult(Volatile.Read(ref consumed) >= 2));
        Assert.Equal(1, await service.WithDbAsync(db => db.Handled.CountAsync(h => h.WidgetId == widgetId, Cancel)));
        Assert.Equal(1, await service.WithDbAsync(db => db.InboxMessages.CountAsync(m => m.MessageId == messageId, Cancel)));

        // A new message id is a new message.
        await bus.Publish(Created(widgetId), Cancel);
        await Eventually(() => service.WithDbAsync(async db => await db.Handled.CountAsync(h => h.WidgetId == widgetId, Cancel) == 2));
    }

    [Fact]
    public async Task Rows_published_longer_ago_than_they_are_kept_are_deleted_and_the_others_stay()
    {
        await using var service = await OutboxHost.StartAsync(platform, Cancel);
        var now = DateTimeOffset.UtcNow;
        OutboxMessage Sent(TimeSpan ago) => new()
        {
            Id = Guid.NewGuid(),
            MessageType = "test",
            Payload = "{}",
            CorrelationId = Guid.NewGuid(),
            OccurredAt = now - ago,
            SentAt = now - ago,
        };
        var (old, recent) = (Sent(TimeSpan.FromDays(3)), Sent(TimeSpan.FromHours(1)));
        await service.WithDbAsync(db =>
        {
            db.OutboxMessages.AddRange(old, recent);
            return db.SaveChangesAsync(Cancel);
        });

        // The dispatcher also cleans up as it starts, which may have raced the insert: the count is 1 or 0, the outcome the same.
        var dispatcher = service.Host.Services.GetRequiredService<OutboxDispatcher<OutboxTestDbContext>>();
        Assert.InRange(await dispatcher.RemoveSentAsync(Cancel), 0, 1);
        var left = await service.WithDbAsync(db => db.OutboxMessages.Select(m => m.Id).ToListAsync(Cancel));
        Assert.DoesNotContain(old.Id, left);
        Assert.Contains(recent.Id, left);
    }

    [Fact]
    public async Task A_row_that_cannot_be_published_is_counted_parked_after_its_attempts_and_holds_back_no_other_row()
    {
        var parked = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OutboxMetrics.MeterName && instrument.Name == "migration.outbox.parked")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref parked, value));
        listener.Start();

        await using var service = await OutboxHost.StartAsync(platform, Cancel);
        var poison = Outbox.Message(Created(Guid.NewGuid()));
        var behind = Guid.NewGuid();
        await service.WithDbAsync(async db =>
        {
            // A type that a deploy renamed: the row is first in line, and can never be read.
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = poison.Id,
                MessageType = "Migration.Gone.WidgetRenamed, Migration.Gone",
                Payload = poison.Payload,
                CorrelationId = poison.CorrelationId,
                OccurredAt = poison.OccurredAt,
            });
            await db.SaveChangesAsync(Cancel);
            db.Widgets.Add(new Widget { Id = behind, Name = "behind the poison" });
            db.AddEvent(Created(behind));
            return await db.SaveChangesAsync(Cancel);
        });

        await Eventually(() => service.WithDbAsync(db => db.Handled.AnyAsync(h => h.WidgetId == behind, Cancel)));
        await Eventually(() => service.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == poison.Id && m.ParkedAt != null, Cancel)));
        var row = await service.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == poison.Id, Cancel));
        Assert.Equal(3, row.Attempts);
        Assert.Null(row.SentAt);
        Assert.Equal(1, Interlocked.Read(ref parked));

        // Parked, it is not tried again, and the dispatcher goes on without a back-off.
        var later = Guid.NewGuid();
        await service.WithDbAsync(async db =>
        {
            db.Widgets.Add(new Widget { Id = later, Name = "after the parking" });
            db.AddEvent(Created(later));
            return await db.SaveChangesAsync(Cancel);
        });
        await Eventually(() => service.WithDbAsync(db => db.Handled.AnyAsync(h => h.WidgetId == later, Cancel)), seconds: 10);
        Assert.Equal(3, (await service.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == poison.Id, Cancel))).Attempts);
    }

    private static WidgetCreated Created(Guid widgetId) =>
        new() { OperatorId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), WidgetId = widgetId };

    internal static async Task Eventually(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {seconds} s.");
            await Task.Delay(100, Cancel);
        }
    }

    private sealed class CountingObserver(Action onConsumed) : IConsumeMessageObserver<WidgetCreated>
    {
        public Task PreConsume(ConsumeContext<WidgetCreated> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<WidgetCreated> context)
        {
            onConsumed();
            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<WidgetCreated> context, Exception exception) => Task.CompletedTask;
    }
}
