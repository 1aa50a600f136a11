using System.ComponentModel.DataAnnotations;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Api;

public sealed record AddMailboxesRequest
{
    [Required]
    public IReadOnlyList<MailboxInput>? Mailboxes { get; init; }
}

/// <summary>One mailbox as uploaded; every field is text so that each row gets its own errors.</summary>
public sealed record MailboxInput
{
    [Required]
    public string? SourceAddress { get; init; }
    [Required]
    public string? DestinationUpn { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? PasswordLastSet { get; init; }
}

public sealed record RejectedRow(int Row, IReadOnlyDictionary<string, string[]> Errors);

/// <summary><see cref="Rejected"/> lists at most the first 1,000 rejected rows; <see cref="RejectedCount"/> counts them all.</summary>
public sealed record AddMailboxesResponse(int Added, IReadOnlyList<RejectedRow> Rejected, int RejectedCount);

public sealed record MailboxResponse
{
    public required Guid Id { get; init; }
    public required string SourceAddress { get; init; }
    public required string DestinationUpn { get; init; }
    public required string? DisplayName { get; init; }
    public required string? FirstName { get; init; }
    public required string? LastName { get; init; }
    public required MailboxState State { get; init; }
    public required StatusResponse<SourceStatus> Source { get; init; }
    public required StatusResponse<DestinationStatus> Destination { get; init; }
    public required StatusResponse<ProvisioningStatus> Provisioning { get; init; }
    public required DateOnly? PasswordLastSet { get; init; }
    public required DateOnly? PasswordExpires { get; init; }
}

public sealed record ExpiryRiskItem(Guid MailboxId, string SourceAddress, DateOnly PasswordExpires);

public sealed record ReadinessResponse
{
    public required int Total { get; init; }
    public required int Ready { get; init; }
    public required int WaitingForUser { get; init; }
    public required int Verifying { get; init; }
    public required int Provisioning { get; init; }
    public required int Failed { get; init; }
    public required int Purged { get; init; }
    public required IReadOnlyDictionary<string, int> FailuresByReason { get; init; }

    /// <summary>The mailboxes at risk, soonest first, at most <see cref="ExpiryRiskLimit"/> of them.</summary>
    public required IReadOnlyList<ExpiryRiskItem> ExpiryRisk { get; init; }
    public required int ExpiryRiskTotal { get; init; }
    public required IReadOnlyList<string> Recommendations { get; init; }

    public const int ExpiryRiskLimit = 1000;
}
