using System.ComponentModel.DataAnnotations;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Api;

// Requests have nullable members so that a missing field is answered with a field error, not a parse failure;
// [Required] marks the ones the OpenAPI document lists as required.

public sealed record CreateProjectRequest
{
    [Required]
    public string? Name { get; init; }
    [Required]
    public CustomerDto? Customer { get; init; }
    [Required]
    public SourceRequest? Source { get; init; }
    [Required]
    public DestinationRequest? Destination { get; init; }
    public MigrationType? MigrationType { get; init; }
    public PasswordPolicyDto? PasswordPolicy { get; init; }
    public DateOnly? CutoverDate { get; init; }
}

public sealed record CustomerDto
{
    [Required]
    public string? Name { get; init; }
    [Required]
    public string? Domain { get; init; }
}

public sealed record SourceRequest
{
    [Required]
    public SourceKind? Kind { get; init; }
    [Required]
    public SourceAccessMethod? AccessMethod { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public bool? UseTls { get; init; }
    public string? EwsUrl { get; init; }
    public string? TenantId { get; init; }
    public string? GoogleDomain { get; init; }

    /// <summary>At most this many verifications at once against the source; default 8.</summary>
    [Range(ProjectSourceDefaults.MinConcurrency, ProjectSourceDefaults.MaxConcurrencyLimit)]
    public int? MaxConcurrency { get; init; }

    /// <summary>How often verified source credentials are checked again, in hours; default 24.</summary>
    [Range(ProjectSourceDefaults.MinRecheckEveryHours, ProjectSourceDefaults.MaxRecheckEveryHours)]
    public int? RecheckEveryHours { get; init; }
}

public sealed record DestinationRequest
{
    [Required]
    public string? TenantDomain { get; init; }
    public string? TenantId { get; init; }
    public bool? CreateAccounts { get; init; }
    public bool? SetDestinationPasswords { get; init; }
    public OutlookAssistant? OutlookAssistant { get; init; }
    public CredentialMode? CredentialMode { get; init; }

    /// <summary>The licence to assign to created accounts: a SKU part number such as ENTERPRISEPACK; absent or null assigns none.</summary>
    [StringLength(ProjectDestinationRules.MaxLicenseSkuLength, MinimumLength = 1)]
    [RegularExpression(ProjectDestinationRules.LicenseSkuPattern)]
    public string? LicenseSku { get; init; }

    /// <summary>The ISO 3166 alpha-2 country of created accounts' usage, required by Microsoft 365 to assign a licence; default US.</summary>
    [StringLength(2, MinimumLength = 2)]
    [RegularExpression(ProjectDestinationRules.UsageLocationPattern)]
    public string? UsageLocation { get; init; }
}

public sealed record PasswordPolicyDto
{
    /// <summary>Null when passwords never expire.</summary>
    public int? MaxAgeDays { get; init; }
}

public sealed record ProjectResponse
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required CustomerDto Customer { get; init; }
    public required SourceResponse Source { get; init; }
    public required DestinationResponse Destination { get; init; }
    public required MigrationType MigrationType { get; init; }
    public required PasswordPolicyDto PasswordPolicy { get; init; }
    public required DateOnly? CutoverDate { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset? CompletedAt { get; init; }
    public required RequirementsResponse Requirements { get; init; }
    public required StatusResponse<SourceAccessStatus> SourceAccess { get; init; }
}

public sealed record SourceResponse(
    SourceKind Kind, SourceAccessMethod AccessMethod, string? Host, int? Port, bool? UseTls,
    string? EwsUrl, string? TenantId, string? GoogleDomain, int MaxConcurrency, int RecheckEveryHours);

public sealed record DestinationResponse(
    string TenantDomain, string? TenantId, bool CreateAccounts, bool SetDestinationPasswords,
    OutlookAssistant OutlookAssistant, CredentialMode CredentialMode, string? LicenseSku, string UsageLocation);

public sealed record RequirementsResponse(
    bool SourcePassword, bool DestinationPassword, bool OutlookAssistantDownload, bool EndUserInvolved);

/// <summary>What <c>POST /v1/projects/preview</c> answers: the requirements the project would have, before it is saved.</summary>
public sealed record ProjectPreviewResponse(RequirementsResponse Requirements);

public sealed record StatusResponse<TStatus>(TStatus Status, string? Reason) where TStatus : struct, Enum;
