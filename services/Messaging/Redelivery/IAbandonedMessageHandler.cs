namespace Migration.Messaging.Redelivery;

/// <summary>
/// Told about a message that goes to its error queue (it can never succeed, or failed transiently past the horizon), so
/// that what waited for it shows the failure instead of waiting forever.
/// </summary>
public interface IAbandonedMessageHandler
{
    Task HandleAsync(AbandonedMessage message, CancellationToken cancellationToken);
}
