namespace Migration.Contracts.Internal;

/// <summary>
/// What the vault holds for checking a mailbox's source: its source credential and its project's grant (impersonation,
/// OAuth), by reference. The migrations service asks when its own copy of them, from events, may be behind.
/// </summary>
public sealed record SourceReferences(Guid? SourceCredential, Guid? Grant);

public static class SourceReferencePaths
{
    public static string Of(Guid operatorId, Guid projectId, Guid mailboxId) =>
        $"/internal/operators/{operatorId}/projects/{projectId}/mailboxes/{mailboxId}/source-references";
}
