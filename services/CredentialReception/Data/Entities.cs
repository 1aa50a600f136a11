using Migration.Contracts.Events;

namespace Migration.CredentialReception.Data;

/// <summary>What this service knows of a project, from ProjectCreated and ProjectCompleted.</summary>
public sealed class KnownProject
{
    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }
    public required string Name { get; init; }
    public required string CustomerName { get; init; }
    public required string OperatorName { get; init; }
    public bool SourcePasswordRequired { get; init; }
    public bool DestinationPasswordRequired { get; init; }
    public bool DestinationPasswordFromEndUser { get; init; }
    public bool OutlookAssistantDownload { get; init; }

    /// <summary>The source kind and access method by their enum names (ProjectCreated's); null in copies made before they were kept.</summary>
    public string? SourceKind { get; set; }
    public string? SourceAccessMethod { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? PurgedAt { get; set; }

    /// <summary>The owner's mailbox sequence up to which this copy was caught up by asking it (see ProjectCopy).</summary>
    public long MailboxesCopiedThrough { get; set; }
}

/// <summary>What this service knows of a mailbox, from MailboxesAdded or from asking the owner.</summary>
public sealed class KnownMailbox
{
    public Guid Id { get; init; }
    public Guid ProjectId { get; init; }
    public Guid OperatorId { get; init; }
    public required string SourceAddress { get; init; }
    public required string DestinationUpn { get; init; }
    public string? DisplayName { get; init; }
}

/// <summary>
/// One credential (a mailbox's password, or a project's source-access grant under the project's id as its mailbox), encrypted with AES-256-GCM under its operator's data key. The associated data binds it to its
/// operator, project, mailbox and kind, so a ciphertext copied to another row does not decrypt.
/// </summary>
public sealed class StoredCredential
{
    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }
    public Guid ProjectId { get; init; }
    public Guid MailboxId { get; init; }
    public CredentialKind Kind { get; init; }

    /// <summary>The source login name when it differs from the address; not a secret.</summary>
    public string? Username { get; init; }
    public Guid DataKeyId { get; init; }
    public required byte[] Nonce { get; init; }

    /// <summary>Ciphertext followed by the 16-byte GCM tag.</summary>
    public required byte[] Ciphertext { get; init; }
    public CredentialSubmitter SubmittedBy { get; init; }
    public DateTimeOffset StoredAt { get; init; }

    /// <summary>When the source refused this credential (R8), and why; a refused credential is asked for again.</summary>
    public DateTimeOffset? RefusedAt { get; set; }
    public string? RefusedReason { get; set; }

    /// <summary>When the source last opened the mailbox with this credential.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }
}

/// <summary>An operator's data key, stored only wrapped by a key-encryption key version of the key provider.</summary>
public sealed class OperatorDataKey
{
    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }
    public required string KeyEncryptionKeyVersion { get; set; }
    public required byte[] WrappedKey { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The audit trail: every read of a secret through the internal API.</summary>
public sealed class CredentialRead
{
    public long Id { get; init; }
    public Guid CredentialId { get; init; }
    public Guid OperatorId { get; init; }
    public Guid MailboxId { get; init; }
    public CredentialKind Kind { get; init; }
    public required string Reader { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset ReadAt { get; init; }
}

/// <summary>A Password Reception link; only the SHA-256 of its 256-bit token is stored.</summary>
public sealed class ReceptionLink
{
    public Guid Id { get; init; }
    public required byte[] TokenHash { get; init; }
    public Guid MailboxId { get; init; }
    public Guid ProjectId { get; init; }
    public Guid OperatorId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>That an end user was invited, and how often reminded.</summary>
public sealed class Invitation
{
    public Guid MailboxId { get; init; }
    public Guid ProjectId { get; init; }
    public DateTimeOffset FirstRequestedAt { get; init; }
    public DateTimeOffset LastRequestedAt { get; set; }
    public int Requests { get; set; }
}
