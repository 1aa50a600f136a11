using Migration.Contracts.Events;

namespace Migration.Provisioning.Data;

public enum JobStatus { Pending, Succeeded, Failed }

/// <summary>
/// One mailbox's provisioning, and its own work item: the request (the latest credential reference wins), what has been
/// done at Graph so far, and its schedule (<see cref="DueAt"/>, claimed by one replica at a time until
/// <see cref="ClaimedUntil"/>). The facts of what was done are tagged with the credential they were done with, so that a
/// restart, a redelivery or a newer request resumes without repeating a write that is done.
/// </summary>
public sealed class ProvisioningJob
{
    public Guid MailboxId { get; init; }
    public Guid ProjectId { get; set; }
    public Guid OperatorId { get; set; }
    public Guid CorrelationId { get; set; }
    public ProvisioningAction Action { get; set; }

    /// <summary>The destination tenant as the request names it, lower case: the unit of Graph's per-tenant quotas.</summary>
    public required string Tenant { get; set; }
    public required string Upn { get; set; }
    public string? DisplayName { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public required string UsageLocation { get; set; }
    public string? LicenseSku { get; set; }
    public Guid CredentialReference { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    public JobStatus Status { get; set; }
    public string? Reason { get; set; }

    /// <summary>The Entra object id, once the user is known.</summary>
    public string? UserId { get; set; }

    /// <summary>The credential a create (POST /users) was last sent with, recorded before it is sent.</summary>
    public Guid? CreateSentReference { get; set; }

    /// <summary>The credential whose password the account is known to have (created with it, or PATCHed).</summary>
    public Guid? PasswordSetReference { get; set; }

    /// <summary>The UPN existed before any create of ours: the account was adopted.</summary>
    public bool Adopted { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the first attempt on the current request began: transient faults are given up on after a while.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }
}

/// <summary>A project that completed: its jobs are gone and a late request for it is ignored.</summary>
public sealed class CompletedProject
{
    public Guid ProjectId { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}

/// <summary>
/// A Graph write quota as a token bucket shared by every replica: <see cref="Tokens"/> as of <see cref="UpdatedAt"/>,
/// refilled at <see cref="RefillPerSecond"/> up to <see cref="Capacity"/>; <see cref="BlockedUntil"/> is a 429's Retry-After.
/// </summary>
public sealed class WriteBucket
{
    public required string Scope { get; init; }
    public double Tokens { get; set; }
    public double Capacity { get; set; }
    public double RefillPerSecond { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? BlockedUntil { get; set; }
}
