namespace Migration.Dashboard.Api;

/// <summary>The parts of API.md's answers the dashboard shows; enums stay strings, as the API writes them.</summary>
public sealed record OperatorInfo(string Id, string Name);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public sealed record CustomerView(string Name, string Domain);

public sealed record StatusView(string Status, string? Reason);

public sealed record RequirementsView(bool SourcePassword, bool DestinationPassword, bool OutlookAssistantDownload, bool EndUserInvolved);

public sealed record ProjectView(string Id, string Name, CustomerView Customer, string MigrationType, string? CutoverDate,
    RequirementsView Requirements, StatusView? SourceAccess);

public sealed record ReadinessView(long Total, long Ready, long WaitingForUser, long Verifying, long Provisioning, long Failed,
    IReadOnlyDictionary<string, long> FailuresByReason);

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
