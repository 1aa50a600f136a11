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

    /// <summary>How the source is reached, for the source-access service; null only in events of older versions.</summary>
    public ProjectSourceSnapshot? Source { get; init; }
    public DateOnly? CutoverDate { get; init; }
}

/// <summary>The project's <c>source</c> settings of API.md; kind and method by their enum names (read case-insensitively).</summary>
public sealed record ProjectSourceSnapshot
{
    public required string Kind { get; init; }
    public required string AccessMethod { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public bool? UseTls { get; init; }
    public string? EwsUrl { get; init; }
    public string? TenantId { get; init; }
    public string? GoogleDomain { get; init; }
    public required int MaxConcurrency { get; init; }
    public required int RecheckEveryHours { get; init; }
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
