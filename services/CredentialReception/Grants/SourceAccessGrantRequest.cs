using Migration.Contracts;

namespace Migration.CredentialReception.Grants;

/// <summary>
/// <c>PUT .../source-access</c>: the project-level grant, by the project's source kind: an impersonation admin for
/// exchange, an Entra app for office365, a service-account key for google; plus an optional mailbox to check it against.
/// </summary>
public sealed record SourceAccessGrantRequest
{
    /// <summary>exchange: the admin account that holds the ApplicationImpersonation right.</summary>
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>office365: the Entra application (client) id with Graph application permissions.</summary>
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }

    /// <summary>google: the service account's JSON key, with domain-wide delegation.</summary>
    public string? ServiceAccountJson { get; init; }

    /// <summary>The mailbox the grant is checked against at once; the project's first mailbox when absent.</summary>
    public string? TestMailbox { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Username = {Username}, Password = {Redaction.Of(Password)}, ClientId = {ClientId}, ClientSecret = {Redaction.Of(ClientSecret)}, " +
                       $"ServiceAccountJson = {Redaction.Of(ServiceAccountJson)}, TestMailbox = {TestMailbox}");
        return true;
    }
}

/// <summary>A grant that passed <see cref="SourceAccessGrantRules"/>: the login name (not secret) and the secret to seal.</summary>
public sealed record ValidGrant(string Username, string Secret, string? TestMailbox)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Username = {Username}, Secret = {Redaction.Of(Secret)}, TestMailbox = {TestMailbox}");
        return true;
    }
}

/// <summary>The answer to a stored grant: never the grant itself.</summary>
public sealed record SourceAccessGrantAccepted(Guid ProjectId, string Status, string? TestMailbox, DateTimeOffset ReceivedAt);
