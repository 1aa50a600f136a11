namespace Migration.Contracts.Events;

/// <summary>
/// What every event carries. Events never carry a secret: a credential travels as a reference that the
/// consumer resolves through the credential vault's internal API.
/// </summary>
public interface IIntegrationEvent
{
    Guid OperatorId { get; }
    Guid CorrelationId { get; }
}

public interface IProjectEvent : IIntegrationEvent
{
    Guid ProjectId { get; }
}
