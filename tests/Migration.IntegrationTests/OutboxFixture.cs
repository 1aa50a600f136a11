using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.ServiceDefaults.Data;
using Npgsql;

namespace Migration.IntegrationTests;

public sealed record WidgetCreated : IIntegrationEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required Guid WidgetId { get; init; }
}

public sealed class Widget
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
}

/// <summary>The effect a consumer has: one row per handling, so a second handling would show.</summary>
public sealed class WidgetHandled
{
    public long Id { get; init; }
    public Guid WidgetId { get; init; }
}

public sealed class OutboxTestDbContext(DbContextOptions<OutboxTestDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<Widget> Widgets => Set<Widget>();
    public DbSet<WidgetHandled> Handled => Set<WidgetHandled>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.UseSnakeCaseColumns();
    }
}

public sealed class WidgetCreatedConsumer(OutboxTestDbContext db) : IdempotentConsumer<WidgetCreated, OutboxTestDbContext>(db)
{
    protected override Task HandleAsync(ConsumeContext<WidgetCreated> context, CancellationToken cancellationToken)
    {
        Db.Handled.Add(new WidgetHandled { WidgetId = context.Message.WidgetId });
        return Task.CompletedTask;
    }
}

/// <summary>
/// A small service built with the messaging library exactly as the real services use it, on its own database of the
/// platform's PostgreSQL and on the platform's RabbitMQ.
/// </summary>
public sealed class OutboxHost : IAsyncDisposable
{
    private OutboxHost(IHost host) => Host = host;

    public IHost Host { get; }

    public static async Task<OutboxHost> StartAsync(PlatformFixture platform, CancellationToken cancellationToken)
    {
        var database = $"outbox_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(ResourceNames.Postgres)) { Database = database }.ConnectionString;

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.RabbitMq}"] = await platform.ConnectionStringAsync(ResourceNames.RabbitMq),
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:MaxAttempts"] = "3",
        });
        builder.Services.AddDbContext<OutboxTestDbContext>((services, options) => options.UseNpgsql(connectionString).AddOutboxSignal(services));
        builder.AddMessaging<OutboxTestDbContext>($"outbox-test-{database[^6..]}", bus => bus.AddConsumer<WidgetCreatedConsumer>());

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxTestDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        }
        await host.StartAsync(cancellationToken);
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new OutboxHost(host);
    }

    public async Task<T> WithDbAsync<T>(Func<OutboxTestDbContext, Task<T>> work)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<OutboxTestDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
