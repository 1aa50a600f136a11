namespace Migration.Contracts.Events;

/// <summary>A first invitation, a reminder to someone who has not given everything, or a new request after the source refused a password (R8).</summary>
public enum InvitationKind { Invitation, Reminder, ReRequest }

/// <summary>
/// An end user is to be emailed a Password Reception link. The link itself is a secret and never travels in an event:
/// the notification service asks the credential-reception service for a fresh one through its internal API.
/// </summary>
public sealed record EndUserInvitationRequested : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid MailboxId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required InvitationKind Kind { get; init; }
}
