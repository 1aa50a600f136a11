namespace Migration.Messaging.Redelivery;

/// <summary>
/// A message about something this service has not heard of yet (its own event is late, on another queue): delivered
/// again later like any transient fault, not put in the error queue.
/// </summary>
public sealed class NotYetKnownException(string message) : Exception(message);
