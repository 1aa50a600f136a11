namespace Migration.Contracts.Events;

/// <summary>A project was created; carries what other services need to serve its mailboxes without asking back.</summary>
public sealed record ProjectCreated : IProjectEvent
{
    public required Guid OperatorId { get; init; }
    public required Guid ProjectId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string Name { get; init; }
    public required string CustomerName { get; init; }
    public required string OperatorName { get; init; }
    public required string SourceKind { get; init; }
    public required string SourceAccessMethod { get; init; }
    public required ProjectRequirementsSnapshot Requirements { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>R4/R5 as computed by the migrations service when the project was created.</summary>
public sealed record ProjectRequirementsSnapshot
{
    public required bool SourcePassword { get; init; }
    public required bool DestinationPassword { get; init; }
    public required bool OutlookAssistantDownload { get; init; }

    /// <summary>Whether end users are asked for the destination password (Password Reception) or only operators enter it.</summary>
    public required bool DestinationPasswordFromEndUser { get; init; }
}
