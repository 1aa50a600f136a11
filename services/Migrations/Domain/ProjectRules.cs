namespace Migration.Migrations.Domain;

/// <summary>A broken domain rule: answered as 422 with the rule's id.</summary>
public sealed record RuleViolation(string Rule, string Detail);

/// <summary>Rules R1–R4: which project settings make sense together.</summary>
public static class ProjectRules
{
    /// <summary>The first rule the settings break, or null when they are valid.</summary>
    public static RuleViolation? Check(ProjectSettings settings) =>
        CheckAccessMethod(settings) ?? CheckSourceFields(settings) ?? CheckImpersonationGrant(settings) ?? CheckDestination(settings);

    /// <summary>R2: password for all but Google, impersonation for Exchange and Microsoft 365, OAuth for Google only.</summary>
    public static bool IsAccessMethodAllowed(SourceKind kind, SourceAccessMethod method) => (kind, method) switch
    {
        (SourceKind.Google, SourceAccessMethod.Oauth) => true,
        (SourceKind.Google, _) => false,
        (_, SourceAccessMethod.Password) => true,
        (SourceKind.Exchange or SourceKind.Office365, SourceAccessMethod.Impersonation) => true,
        _ => false,
    };

    /// <summary>R4: destination credentials are needed when Outlook is reconfigured or the platform writes to the accounts.</summary>
    public static bool RequiresDestinationCredentials(ProjectSettings settings) =>
        settings.MigrationType == MigrationType.Full
        && (settings.OutlookAssistant != OutlookAssistant.None || settings.CreateAccounts || settings.SetDestinationPasswords);

    private static RuleViolation? CheckAccessMethod(ProjectSettings s) => IsAccessMethodAllowed(s.SourceKind, s.AccessMethod)
        ? null
        : new RuleViolation("R2", s.SourceKind == SourceKind.Google
            ? "Google sources are reached only with OAuth (a service account with domain-wide delegation)."
            : s.AccessMethod == SourceAccessMethod.Oauth
                ? "OAuth access is valid only for Google sources."
                : "Source-Side Impersonation is available only for Exchange and Microsoft 365 sources.");

    private static RuleViolation? CheckSourceFields(ProjectSettings s) => s.SourceKind switch
    {
        SourceKind.Imap when string.IsNullOrWhiteSpace(s.Host) => new("R1", "An IMAP source needs source.host."),
        SourceKind.Exchange when string.IsNullOrWhiteSpace(s.EwsUrl) => new("R1", "An Exchange source needs source.ewsUrl."),
        SourceKind.Google when string.IsNullOrWhiteSpace(s.GoogleDomain) => new("R1", "A Google source needs source.googleDomain."),
        _ => null,
    };

    /// <summary>R3: app-only access to another Microsoft 365 tenant needs that tenant's id.</summary>
    private static RuleViolation? CheckImpersonationGrant(ProjectSettings s) =>
        s is { SourceKind: SourceKind.Office365, AccessMethod: SourceAccessMethod.Impersonation } && string.IsNullOrWhiteSpace(s.SourceTenantId)
            ? new("R3", "Source-Side Impersonation on Microsoft 365 uses app-only Graph access and needs source.tenantId.")
            : null;

    private static RuleViolation? CheckDestination(ProjectSettings s)
    {
        if (s.MigrationType != MigrationType.DataOnly)
        {
            return null;
        }
        if (s.CreateAccounts)
        {
            return new("R4", "A data-only migration cannot create destination accounts: it collects no destination credentials.");
        }
        if (s.OutlookAssistant != OutlookAssistant.None)
        {
            return new("R4", "A data-only migration does not reconfigure Outlook: outlookAssistant must be none.");
        }
        return s.SetDestinationPasswords
            ? new("R4", "A data-only migration collects no destination passwords, so it cannot set them.")
            : null;
    }
}
