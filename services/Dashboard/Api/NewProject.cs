namespace Migration.Dashboard.Api;

/// <summary>The body of <c>POST /v1/projects</c> (API.md); blank optional fields are sent as null, so the API's defaults apply.</summary>
public sealed record NewProject(string Name, NewProject.CustomerBody Customer, NewProject.SourceBody Source,
    NewProject.DestinationBody Destination, string MigrationType, NewProject.PasswordPolicyBody PasswordPolicy, string? CutoverDate)
{
    public sealed record CustomerBody(string Name, string Domain);

    public sealed record SourceBody(string Kind, string AccessMethod, string? Host, int? Port, bool? UseTls, string? EwsUrl,
        string? TenantId, string? GoogleDomain, int? MaxConcurrency, int? RecheckEveryHours);

    public sealed record DestinationBody(string TenantDomain, string? TenantId, bool CreateAccounts, bool SetDestinationPasswords,
        string OutlookAssistant, string CredentialMode, string? LicenseSku, string? UsageLocation);

    public sealed record PasswordPolicyBody(int? MaxAgeDays);
}

/// <summary>What <c>POST /v1/projects/preview</c> answers for a New project body: the requirements, nothing saved.</summary>
public sealed record ProjectPreview(RequirementsView Requirements);
