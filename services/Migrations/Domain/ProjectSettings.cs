namespace Migration.Migrations.Domain;

public enum SourceKind { Exchange, Office365, Google, Imap }

public enum SourceAccessMethod { Password, Impersonation, Oauth }

public enum MigrationType { Full, DataOnly }

public enum OutlookAssistant { None, EndUser, Msi }

public enum CredentialMode { PasswordReception, Manual }

/// <summary>The documented defaults and bounds of <c>source.maxConcurrency</c> and <c>source.recheckEveryHours</c>.</summary>
public static class ProjectSourceDefaults
{
    public const int MaxConcurrency = 8;
    public const int MinConcurrency = 1;
    public const int MaxConcurrencyLimit = 64;
    public const int RecheckEveryHours = 24;
    public const int MinRecheckEveryHours = 1;
    public const int MaxRecheckEveryHours = 8760;
}

/// <summary>The settings of a project that the domain rules read.</summary>
public sealed record ProjectSettings
{
    public required SourceKind SourceKind { get; init; }
    public required SourceAccessMethod AccessMethod { get; init; }
    public string? Host { get; init; }
    public string? EwsUrl { get; init; }
    public string? SourceTenantId { get; init; }
    public string? GoogleDomain { get; init; }
    public required MigrationType MigrationType { get; init; }
    public required OutlookAssistant OutlookAssistant { get; init; }
    public required bool CreateAccounts { get; init; }
    public required bool SetDestinationPasswords { get; init; }
    public required CredentialMode CredentialMode { get; init; }
}
