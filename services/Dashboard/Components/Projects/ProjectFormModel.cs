using Migration.Dashboard.Api;

namespace Migration.Dashboard.Components.Projects;

/// <summary>What the New project form edits; <see cref="ToRequest"/> sends only the source fields of the chosen kind.</summary>
public sealed class ProjectFormModel
{
    public string Name { get; set; } = "";
    public string CustomerName { get; set; } = "";
    public string CustomerDomain { get; set; } = "";
    public string SourceKind { get; set; } = "exchange";
    public string AccessMethod { get; set; } = "password";
    public string? Host { get; set; }
    public int? Port { get; set; }
    public bool UseTls { get; set; } = true;
    public string? EwsUrl { get; set; }
    public string? SourceTenantId { get; set; }
    public string? GoogleDomain { get; set; }
    public int? MaxConcurrency { get; set; }
    public int? RecheckEveryHours { get; set; }
    public string TenantDomain { get; set; } = "";
    public string? DestinationTenantId { get; set; }
    public bool CreateAccounts { get; set; }
    public bool SetDestinationPasswords { get; set; }
    public string OutlookAssistant { get; set; } = "none";
    public string CredentialMode { get; set; } = "passwordReception";
    public string? LicenseSku { get; set; }
    public string? UsageLocation { get; set; }
    public string MigrationType { get; set; } = "full";
    public int? MaxAgeDays { get; set; } = 90;
    public DateOnly? CutoverDate { get; set; }

    public NewProject ToRequest() => new(
        Name.Trim(),
        new(CustomerName.Trim(), CustomerDomain.Trim()),
        new(SourceKind, AccessMethod,
            SourceKind == "imap" ? Blank(Host) : null, SourceKind == "imap" ? Port : null, SourceKind == "imap" ? UseTls : null,
            SourceKind == "exchange" ? Blank(EwsUrl) : null,
            SourceKind == "office365" ? Blank(SourceTenantId) : null,
            SourceKind == "google" ? Blank(GoogleDomain) : null,
            MaxConcurrency, RecheckEveryHours),
        new(TenantDomain.Trim(), Blank(DestinationTenantId), CreateAccounts, SetDestinationPasswords, OutlookAssistant, CredentialMode,
            Blank(LicenseSku), Blank(UsageLocation)),
        MigrationType,
        new(MaxAgeDays),
        CutoverDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
