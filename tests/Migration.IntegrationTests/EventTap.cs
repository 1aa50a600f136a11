using System.Text;
using System.Text.Json;
using Migration.Contracts;
using RabbitMQ.Client;

namespace Migration.IntegrationTests;

/// <summary>
/// A test's own queue on the exchange of one event type (MassTransit: an exchange per message type), to see what the
/// platform published: each message is read as MassTransit's envelope and its <c>message</c> part deserialised.
/// </summary>
public sealed class EventTap<T> : IAsyncDisposable where T : class
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly List<T> _seen = [];

    private EventTap(IConnection connection, IChannel channel, string queue) => (_connection, _channel, _queue) = (connection, channel, queue);

    public static async Task<EventTap<T>> StartAsync(PlatformFixture platform)
    {
        var factory = new ConnectionFactory { Uri = new Uri(await platform.ConnectionStringAsync(ResourceNames.RabbitMq)) };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync($"test-tap-{typeof(T).Name}-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true)).QueueName;
        var exchange = $"{typeof(T).Namespace}:{typeof(T).Name}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, "");
        return new EventTap<T>(connection, channel, queue);
    }

    /// <summary>The first event (seen so far or arriving within the time) that <paramref name="match"/> accepts.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (_seen.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (await _channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
            {
                using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
                _seen.Add(envelope.RootElement.GetProperty("message").Deserialize<T>(Json)!);
                continue;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {typeof(T).Name} for {what} within {seconds} s ({_seen.Count} others seen).");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Every event <paramref name="match"/> accepts, seen so far or arriving within <paramref name="settle"/>: to count what was published.</summary>
    public async Task<IReadOnlyList<T>> AllAsync(Func<T, bool> match, TimeSpan settle)
    {
        var deadline = DateTime.UtcNow + settle;
        while (true)
        {
            if (await _channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
            {
                using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
                _seen.Add(envelope.RootElement.GetProperty("message").Deserialize<T>(Json)!);
                continue;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return [.. _seen.Where(match)];
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
