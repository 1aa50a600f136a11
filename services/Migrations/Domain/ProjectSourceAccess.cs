namespace Migration.Migrations.Domain;

/// <summary>A project's source-access grant as this service knows it: its check's status and reason, and which grant it is.</summary>
public sealed record ProjectSourceAccess(SourceAccessStatus Status, string? Reason, Guid? GrantReference);

/// <summary>
/// The project-level grant (impersonation, OAuth): a newer grant is pending until its check comes; a check result is
/// about one grant, and a result or submission about a grant older than the current one changes nothing. Grant
/// references are UUIDv7 like every credential's (see <see cref="CredentialVersions"/>).
/// </summary>
public static class ProjectSourceAccessRules
{
    public static ProjectSourceAccess GrantSubmitted(ProjectSourceAccess current, Guid grant) =>
        current.Status == SourceAccessStatus.NotNeeded || !CredentialVersions.IsNewer(grant, current.GrantReference)
            ? current
            : new ProjectSourceAccess(SourceAccessStatus.Pending, null, grant);

    /// <summary>The check may come before its submission: the grant it is about then becomes the current one.</summary>
    public static ProjectSourceAccess GrantChecked(ProjectSourceAccess current, Guid grant, string? failureReason) =>
        current.Status == SourceAccessStatus.NotNeeded || CredentialVersions.IsOlder(grant, current.GrantReference)
            ? current
            : failureReason is null
                ? new ProjectSourceAccess(SourceAccessStatus.Verified, null, grant)
                : new ProjectSourceAccess(SourceAccessStatus.Failed, failureReason, grant);
}
