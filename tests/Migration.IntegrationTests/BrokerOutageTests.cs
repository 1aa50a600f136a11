using System.Text;
using Migration.Contracts;
using RabbitMQ.Client;

namespace Migration.IntegrationTests;

/// <summary>The outbox keeps events while RabbitMQ is down and delivers them once it is back.</summary>
public sealed class BrokerOutageTests(PlatformFixture platform)
{
    private const string ProjectCreatedExchange = "Migration.Contracts.Events:ProjectCreated";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_RabbitMQ_stopped_a_project_is_still_created_and_its_event_is_delivered_after_RabbitMQ_is_back()
    {
        var (_, key) = await platform.CreateOperatorAsync("Outage");
        var tapQueue = $"test-tap-{Guid.NewGuid():N}";
        var factory = new ConnectionFactory { Uri = new Uri(await platform.ConnectionStringAsync(ResourceNames.RabbitMq)) };
        await using (var connection = await factory.CreateConnectionAsync(Cancel))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Cancel))
        {
            // Durable, so that the tap survives the broker's restart, bound as MassTransit binds its own queues.
            await channel.ExchangeDeclareAsync(ProjectCreatedExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Cancel);
            await channel.QueueDeclareAsync(tapQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancel);
            await channel.QueueBindAsync(tapQueue, ProjectCreatedExchange, "", cancellationToken: Cancel);
        }

        string projectId;
        await platform.StopAsync(ResourceNames.RabbitMq, Cancel);
        try
        {
            projectId = await platform.CreateProjectAsync(key);
            // Longer than the dispatcher's publish timeout (5 s): its first try of the event fails while the broker is away.
            await Task.Delay(TimeSpan.FromSeconds(8), Cancel);
        }
        finally
        {
            await platform.StartAsync(ResourceNames.RabbitMq, Cancel);
        }

        var delivered = false;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!delivered && DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(Cancel);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
                while (await channel.BasicGetAsync(tapQueue, autoAck: true, Cancel) is { } message)
                {
                    delivered |= Encoding.UTF8.GetString(message.Body.Span).Contains(projectId, StringComparison.OrdinalIgnoreCase);
                }
            }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
            {
                // Still starting.
            }
            if (!delivered)
            {
                await Task.Delay(250, Cancel);
            }
        }
        Assert.True(delivered, $"ProjectCreated for {projectId} was not delivered after RabbitMQ came back.");

        // The dispatcher tried it while the broker was away (the commit wakes it); an outage is no attempt against the row.
        await using var migrations = await platform.OpenDatabaseAsync(ResourceNames.MigrationsDatabase);
        var row = await migrations.ScalarAsync(
            $"SELECT attempts || ' ' || (parked_at IS NULL) FROM outbox_messages WHERE message_type LIKE '%ProjectCreated%' AND payload->>'projectId' = '{projectId}'");
        Assert.Equal("0 true", row);
    }
}
