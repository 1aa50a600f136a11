using Migration.Migrations.Domain;

namespace Migration.Migrations.Data;

public sealed class Project
{
    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }
    public required string Name { get; init; }
    public required string CustomerName { get; init; }
    public required string CustomerDomain { get; init; }

    public SourceKind SourceKind { get; init; }
    public SourceAccessMethod SourceAccessMethod { get; init; }
    public string? SourceHost { get; init; }
    public int? SourcePort { get; init; }
    public bool? SourceUseTls { get; init; }
    public string? SourceEwsUrl { get; init; }
    public string? SourceTenantId { get; init; }
    public string? SourceGoogleDomain { get; init; }

    /// <summary>At most this many verifications at once against the source (its host or tenant).</summary>
    public int SourceMaxConcurrency { get; init; } = ProjectSourceDefaults.MaxConcurrency;

    /// <summary>How often verified source credentials are checked again (R8).</summary>
    public int SourceRecheckEveryHours { get; init; } = ProjectSourceDefaults.RecheckEveryHours;

    public required string DestinationTenantDomain { get; init; }
    public string? DestinationTenantId { get; init; }
    public bool CreateAccounts { get; init; }
    public bool SetDestinationPasswords { get; init; }
    public OutlookAssistant OutlookAssistant { get; init; }
    public CredentialMode CredentialMode { get; init; }

    /// <summary>The SKU part number assigned to created accounts; null assigns none.</summary>
    public string? LicenseSku { get; init; }

    /// <summary>ISO 3166 alpha-2, upper case.</summary>
    public string UsageLocation { get; init; } = ProjectDestinationRules.DefaultUsageLocation;

    public MigrationType MigrationType { get; init; }
    public int? PasswordMaxAgeDays { get; init; }
    public DateOnly? CutoverDate { get; init; }

    public SourceAccessStatus SourceAccessStatus { get; set; }
    public string? SourceAccessReason { get; set; }

    /// <summary>The vault entry of the current project grant (impersonation, OAuth); a result about an older one changes nothing.</summary>
    public Guid? SourceAccessGrantReference { get; set; }

    public ProjectSourceAccess SourceAccess
    {
        get => new(SourceAccessStatus, SourceAccessReason, SourceAccessGrantReference);
        set => (SourceAccessStatus, SourceAccessReason, SourceAccessGrantReference) = (value.Status, value.Reason, value.GrantReference);
    }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// When the project last became ready (every mailbox ready) and ProjectReady was published; cleared when a mailbox
    /// falls back from ready or mailboxes are added, so that the next time every mailbox is ready announces it again.
    /// </summary>
    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>Set when the operator completes the project; its credentials are then purged.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    public ProjectSettings Settings => new()
    {
        SourceKind = SourceKind,
        AccessMethod = SourceAccessMethod,
        Host = SourceHost,
        EwsUrl = SourceEwsUrl,
        SourceTenantId = SourceTenantId,
        GoogleDomain = SourceGoogleDomain,
        MigrationType = MigrationType,
        OutlookAssistant = OutlookAssistant,
        CreateAccounts = CreateAccounts,
        SetDestinationPasswords = SetDestinationPasswords,
        CredentialMode = CredentialMode,
    };
}
