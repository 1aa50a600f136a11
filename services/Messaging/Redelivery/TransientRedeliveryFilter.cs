using System.Text;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Migration.Messaging.Redelivery;

/// <summary>
/// The first step of every endpoint's error pipe. A message that failed transiently is not moved to the error queue but
/// published to a delay queue of its endpoint (<c>{queue}_delay_{ms}</c>, with <c>x-message-ttl</c>), which dead-letters it
/// back to the endpoint's queue once the delay is over: RabbitMQ 3.10 here has no delayed-message plugin and MassTransit
/// no scheduler. Other failures go on to the error queue, and the <see cref="IAbandonedMessageHandler"/>s hear of them.
/// </summary>
public sealed partial class TransientRedeliveryFilter(TransientRedeliveryOptions options, IServiceProvider services, TimeProvider clock, ILogger logger)
    : IFilter<ExceptionReceiveContext>
{
    public const string RedeliveryHeader = "x-transient-redelivery";
    public const string FirstFailureHeader = "x-transient-first-failure";

    public void Probe(ProbeContext context) => context.CreateFilterScope("transientRedelivery");

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (TransientFaults.IsTransient(context.Exception) && await TryDelayAsync(context))
        {
            return;
        }
        LogAbandoned(logger, context.GetMessageId(), QueueName(context), context.Exception.GetType().Name);
        await NotifyAbandonedAsync(context);
        await next.Send(context);
    }

    private async Task<bool> TryDelayAsync(ExceptionReceiveContext context)
    {
        if (!context.TryGetPayload(out ChannelContext? channel) || !context.TryGetPayload(out RabbitMqBasicConsumeContext? delivery))
        {
            return false;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var firstFailure = ReadLong(delivery.Properties.Headers, FirstFailureHeader) ?? now;
        if (TimeSpan.FromMilliseconds(now - firstFailure) >= options.Horizon)
        {
            return false;
        }
        var redelivery = (int)(ReadLong(delivery.Properties.Headers, RedeliveryHeader) ?? 0) + 1;
        var delay = options.DelayBefore(redelivery);
        var queue = QueueName(context);
        var delayQueue = $"{queue}_delay_{(long)delay.TotalMilliseconds}";
        // Declared every time (only failed messages pay for it): a broker that lost its state since would otherwise take
        // the copy as unroutable and drop it.
        await channel.QueueDeclare(delayQueue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object>
        {
            ["x-message-ttl"] = (long)delay.TotalMilliseconds,
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = queue,
        }, context.CancellationToken);

        var properties = new BasicProperties(delivery.Properties);
        properties.Headers = new Dictionary<string, object?>(properties.Headers ?? new Dictionary<string, object?>())
        {
            [FirstFailureHeader] = firstFailure,
            [RedeliveryHeader] = (long)redelivery,
        };
        await channel.BasicPublishAsync("", delayQueue, true, properties, context.GetBody(), true, context.CancellationToken);
        LogDelayed(logger, context.GetMessageId(), queue, context.Exception.GetType().Name, redelivery, delay.TotalSeconds);
        return true;
    }

    private async Task NotifyAbandonedAsync(ExceptionReceiveContext context)
    {
        if (AbandonedMessage.Read(context.GetBody()) is not { } message)
        {
            return;
        }
        try
        {
            await using var scope = services.CreateAsyncScope();
            foreach (var handler in scope.ServiceProvider.GetServices<IAbandonedMessageHandler>())
            {
                await handler.HandleAsync(message, context.CancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message still goes to its error queue; the failure to mark it is logged, not retried.
            LogNotifyFailed(logger, context.GetMessageId(), ex.GetType().Name);
        }
    }

    private static string QueueName(ReceiveContext context) => context.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];

    private static long? ReadLong(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? value switch
        {
            long l => l,
            int i => i,
            byte[] bytes when long.TryParse(Encoding.UTF8.GetString(bytes), out var parsed) => parsed,
            string s when long.TryParse(s, out var parsed) => parsed,
            _ => null,
        } : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} failed transiently ({ErrorType}); delivery {Redelivery} again in {DelaySeconds} s")]
    private static partial void LogDelayed(ILogger logger, Guid? messageId, string queue, string errorType, int redelivery, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} cannot succeed ({ErrorType}); moved to the error queue")]
    private static partial void LogAbandoned(ILogger logger, Guid? messageId, string queue, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId}: telling the handlers of its abandonment failed ({ErrorType})")]
    private static partial void LogNotifyFailed(ILogger logger, Guid? messageId, string errorType);
}
