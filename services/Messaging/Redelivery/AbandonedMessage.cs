using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;

namespace Migration.Messaging.Redelivery;

/// <summary>
/// A message on its way to the error queue, read from its MassTransit envelope: the error pipe has the received body,
/// not the deserialized message.
/// </summary>
public sealed class AbandonedMessage
{
    private static readonly JsonSerializerOptions MessageOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly IReadOnlyList<string> _messageTypes;
    private readonly JsonElement _message;

    private AbandonedMessage(Guid? messageId, IReadOnlyList<string> messageTypes, JsonElement message)
    {
        MessageId = messageId;
        _messageTypes = messageTypes;
        _message = message;
    }

    public Guid? MessageId { get; }

    /// <summary>The message as <typeparamref name="T"/> if it is one, else null.</summary>
    public T? As<T>() where T : class =>
        _messageTypes.Contains(MessageUrn.ForTypeString<T>()) ? _message.Deserialize<T>(MessageOptions) : null;

    /// <summary>Null when the body is no MassTransit JSON envelope.</summary>
    public static AbandonedMessage? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            using var envelope = JsonDocument.Parse(body.ToArray());
            var root = envelope.RootElement;
            if (!root.TryGetProperty("message", out var message) || !root.TryGetProperty("messageType", out var types))
            {
                return null;
            }
            Guid? messageId = root.TryGetProperty("messageId", out var id) && id.TryGetGuid(out var parsed) ? parsed : null;
            return new AbandonedMessage(messageId, [.. types.EnumerateArray().Select(t => t.GetString() ?? "")], message.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
