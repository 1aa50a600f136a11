namespace Migration.Dashboard.Api;

/// <summary>The parts of API.md's answers the dashboard shows; enums stay strings, as the API writes them.</summary>
public sealed record OperatorInfo(string Id, string Name);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public sealed record CustomerView(string Name, string Domain);

public sealed record StatusView(string Status, string? Reason);

public sealed record RequirementsView(bool SourcePassword, bool DestinationPassword, bool OutlookAssistantDownload, bool EndUserInvolved);

public sealed record SourceView(string Kind, string AccessMethod);

public sealed record DestinationView(string TenantDomain, string CredentialMode, bool CreateAccounts, bool SetDestinationPasswords);

public sealed record ProjectView(string Id, string Name, CustomerView Customer, SourceView Source, DestinationView Destination, string MigrationType,
    string? CutoverDate, string? CompletedAt, RequirementsView Requirements, StatusView? SourceAccess)
{
    /// <summary>The project-level grant is entered for impersonation and OAuth; password access has none.</summary>
    public bool HasSourceAccessGrant => Source.AccessMethod is "impersonation" or "oauth";
}

public sealed record ReadinessView(long Total, long Ready, long WaitingForUser, long Verifying, long Provisioning, long Failed,
    IReadOnlyDictionary<string, long> FailuresByReason)
{
    public IReadOnlyList<ExpiryRiskView> ExpiryRisk { get; init; } = [];
    public long ExpiryRiskTotal { get; init; }
    public IReadOnlyList<string> Recommendations { get; init; } = [];
}

public sealed record ExpiryRiskView(string MailboxId, string SourceAddress, string PasswordExpires);

/// <summary>A CSV upload's answer, for mailboxes (<c>added</c>) and credentials (<c>accepted</c>) alike.</summary>
public sealed record UploadView(int? Added, int? Accepted, IReadOnlyList<RejectedRowView> Rejected, int RejectedCount)
{
    public int Taken => Added ?? Accepted ?? 0;
}

public sealed record RejectedRowView(int Row, IReadOnlyDictionary<string, string[]> Errors);

public sealed record InvitationsView(int Invited, int Reminded);

/// <summary>The project-level grant by source kind (API.md): only the fields of the project's kind are sent.</summary>
public sealed record SourceAccessGrant(string? Username, string? Password, string? ClientId, string? ClientSecret, string? ServiceAccountJson,
    string? TestMailbox)
{
    public override string ToString() => "SourceAccessGrant";
}

public sealed record MailboxView(string Id, string SourceAddress, string DestinationUpn, string? DisplayName, string State,
    StatusView Source, StatusView Destination, StatusView Provisioning, string? PasswordExpires);

/// <summary>An RFC 9457 problem as the API answers it: 422s carry the violated rule, 400s the fields' messages.</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, string? Rule, IReadOnlyDictionary<string, string[]>? Errors)
{
    public string Message => Detail ?? Title ?? $"The platform answered {Status}.";
}

public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Succeeded => Problem is null;
}
