using Migration.Provisioning.Quotas;

namespace Migration.Provisioning.Graph;

/// <summary>The Graph calls a job makes.</summary>
public enum GraphOperation { GetUser, CreateUser, UpdateUser, AssignLicense, ListSkus, Token }

public enum GraphFaultKind
{
    /// <summary>429: the scope waits until <see cref="GraphFault.RetryAt"/>, then the job goes on.</summary>
    Throttled,

    /// <summary>5xx, a timeout, a broken connection: the job is tried again later (a write only after looking again).</summary>
    Transient,

    /// <summary>Graph refused for good: the job fails with <see cref="GraphFault.Reason"/>.</summary>
    Refused,

    /// <summary>A create found the UPN taken (ObjectConflict).</summary>
    Conflict,

    /// <summary>The user is not there (404).</summary>
    NotFound,
}

/// <summary>What a failed Graph call means for the job.</summary>
public sealed record GraphFault(GraphFaultKind Kind, string? Reason = null)
{
    public DateTimeOffset? RetryAt { get; init; }
    public ThrottleScopeKind ThrottleScope { get; init; } = ThrottleScopeKind.TenantApplication;
}

/// <summary>
/// A Graph call that failed, classified. Its message names the operation, the status and Graph's error code only: never a
/// request body (which may hold a password).
/// </summary>
public sealed class GraphFaultException(GraphOperation operation, GraphFault fault, string description, Exception? inner = null)
    : Exception($"Graph {operation}: {description}", inner)
{
    public GraphOperation Operation { get; } = operation;
    public GraphFault Fault { get; } = fault;
}
