using Migration.SourceAccess.Verification;

namespace Migration.SourceAccess.Data;

public enum GrantStatus { NotNeeded, Pending, Verified, Failed }

public enum MailboxCheckStatus { Unchecked, Verified, Failed }

/// <summary>What this service knows of a project: how its source is reached, its politeness and re-check settings, its grant.</summary>
public sealed class SourceProject
{
    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }
    public SourceKind Kind { get; init; }
    public AccessMethod Method { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public bool? UseTls { get; init; }
    public string? EwsUrl { get; init; }
    public string? TenantId { get; init; }
    public string? GoogleDomain { get; init; }

    /// <summary>The server or tenant whose concurrency cap the project's checks share (see <see cref="Checks.SourceKeys"/>).</summary>
    public required string SourceKey { get; init; }
    public int MaxConcurrency { get; init; }
    public int RecheckEveryHours { get; init; }
    public DateOnly? CutoverDate { get; init; }

    /// <summary>The vault entry of the current impersonation/OAuth grant; null for password access or before the grant.</summary>
    public Guid? GrantReference { get; set; }
    public string? GrantTestMailbox { get; set; }
    public GrantStatus GrantStatus { get; set; }
    public string? GrantReason { get; set; }

    /// <summary>When the grant's preflight is due; null when none is.</summary>
    public DateTimeOffset? GrantCheckDueAt { get; set; }
    public DateTimeOffset? GrantCheckClaimedUntil { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public SourceSettings Settings => new()
    {
        Kind = Kind, Method = Method, Host = Host, Port = Port, UseTls = UseTls, EwsUrl = EwsUrl, TenantId = TenantId, GoogleDomain = GoogleDomain,
    };
}

/// <summary>
/// One mailbox to check, and its schedule: the row is its own work item (<see cref="DueAt"/>), so checks survive
/// restarts and are shared by replicas, each claimed by one of them (<see cref="ClaimedUntil"/>).
/// </summary>
public sealed class SourceMailbox
{
    public Guid Id { get; init; }
    public Guid ProjectId { get; init; }
    public Guid OperatorId { get; init; }

    /// <summary>Null while only a credential has arrived (its MailboxesAdded is late): such a row waits.</summary>
    public string? Address { get; set; }

    /// <summary>The mailbox's current source password in the vault (password access only).</summary>
    public Guid? CredentialReference { get; set; }

    /// <summary>The credential (or grant) that was last seen to work: a refusal of that one means the password changed.</summary>
    public Guid? VerifiedReference { get; set; }
    public MailboxCheckStatus Status { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>The next check was asked for (a new credential, the verify call), not only scheduled: its outcome is told.</summary>
    public bool CheckRequested { get; set; }

    /// <summary>Whether the check 24 hours before the cutover has run.</summary>
    public bool CutoverCheckDone { get; set; }

    /// <summary>When the row appeared: the project's first mailbox is the grant's test mailbox when none is named.</summary>
    public DateTimeOffset AddedAt { get; init; }
}

/// <summary>One of a source's N concurrency slots, held by one check of one replica until it ends or the lease expires.</summary>
public sealed class SourceLease
{
    public required string SourceKey { get; init; }
    public int Slot { get; init; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
