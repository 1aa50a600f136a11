namespace Migration.Contracts.Events;

public sealed record ProjectCreated : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Name { get; init; }
    public required string SourceKind { get; init; }
    public required string SourceAccessMethod { get; init; }
    public required bool EndUserInvolved { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
