using Migration.Contracts.Events;

namespace Migration.Contracts.Internal;

/// <summary>
/// A project as its owner (the migrations service) holds it, for a service that keeps a copy and must not answer from
/// a copy that is behind (ARCHITECTURE.md, read-your-writes). <see cref="LastMailboxSequence"/> is the owner's insertion
/// order of the newest mailbox: a copy that has every mailbox up to it and as many mailboxes is current.
/// </summary>
public sealed record OwnedProject
{
    public required Guid ProjectId { get; init; }
    public required Guid OperatorId { get; init; }
    public required string Name { get; init; }
    public required string CustomerName { get; init; }
    public required ProjectRequirementsSnapshot Requirements { get; init; }

    /// <summary>The source kind and access method by their enum names, as ProjectCreated carries them.</summary>
    public string? SourceKind { get; init; }
    public string? SourceAccessMethod { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required long MailboxCount { get; init; }
    public required long LastMailboxSequence { get; init; }
}

/// <summary>A mailbox with its place in the owner's insertion order.</summary>
public sealed record OwnedMailbox(long Sequence, Guid MailboxId, string SourceAddress, string DestinationUpn, string? DisplayName);

/// <summary>The project's mailboxes after a sequence number, oldest first.</summary>
public sealed record OwnedMailboxPage(IReadOnlyList<OwnedMailbox> Mailboxes);

/// <summary>
/// The owner completes a project: the vault closes it (no more credentials) before the owner answers the operator.
/// Carries the project, so a vault that has not heard of it yet still records it as closed.
/// </summary>
public sealed record CloseProjectRequest(OwnedProject Project, string OperatorName);

/// <summary>Paths of the internal APIs between the migrations service and the credential vault.</summary>
public static class OwnedProjectPaths
{
    public const int MaxMailboxesPerPage = 10_000;

    public static string Project(Guid operatorId, Guid projectId) => $"/internal/operators/{operatorId}/projects/{projectId}";

    public static string Mailboxes(Guid operatorId, Guid projectId, long afterSequence, int limit) =>
        $"{Project(operatorId, projectId)}/mailboxes?afterSequence={afterSequence}&limit={limit}";

    public static string Close(Guid projectId) => $"/internal/projects/{projectId}/close";
}
