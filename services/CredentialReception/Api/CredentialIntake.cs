using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Vault;
using Migration.Messaging;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

/// <summary>Checks a credential against what its project needs, seals it in the vault, and announces it by reference.</summary>
public sealed class CredentialIntake(CredentialsDbContext db, CredentialVault vault, TimeProvider clock)
{
    public const int MaxPasswordLength = 256;

    /// <summary>The operator's project, or the problem to answer: 404 when unknown (or another operator's), 409 when completed.</summary>
    public async Task<(KnownProject? Project, ProblemHttpResult? Problem)> FindOpenProjectAsync(Guid operatorId, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId && p.OperatorId == operatorId, cancellationToken);
        if (project is null)
        {
            return (null, Problems.NotFound($"There is no project {projectId}."));
        }
        return project.CompletedAt is null && project.PurgedAt is null
            ? (project, null)
            : (null, Completed());
    }

    /// <summary>
    /// Inside a write's transaction: locks the project row against a concurrent purge and says whether the project is
    /// still open. A purge that committed first makes this false; a purge that starts later waits for this write to
    /// commit and then deletes what it stored, so no credential outlives its project's purge.
    /// </summary>
    public async Task<bool> HoldOpenProjectAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await db.Database
            .SqlQuery<Guid>($"SELECT id AS \"Value\" FROM projects WHERE id = {projectId} AND completed_at IS NULL AND purged_at IS NULL FOR SHARE")
            .ToListAsync(cancellationToken)).Count > 0;

    public static ProblemHttpResult Completed() =>
        Problems.Conflict("The project is complete and its credentials are purged; it takes no more credentials.");

    /// <summary>Why the project does not take this kind of credential, or null when it does (R5).</summary>
    public static string? WhyNotNeeded(KnownProject project, CredentialKind kind) => kind switch
    {
        CredentialKind.Source when !project.SourcePasswordRequired =>
            "This project reaches its source by impersonation or OAuth: it takes no source passwords.",
        CredentialKind.Destination when !project.DestinationPasswordRequired =>
            "This project needs no destination passwords: no Outlook assistant, no account creation and no password setting.",
        _ => null,
    };

    /// <summary>Why a password is unusable, or null. Never echoes the value.</summary>
    public static string? WhyInvalid(string? password) =>
        string.IsNullOrEmpty(password) ? "A password is required."
        : password.Length > MaxPasswordLength ? $"A password is at most {MaxPasswordLength} characters."
        : password.Contains('\0') ? "A password cannot contain a NUL character."
        : null;

    /// <summary>Seals the credential, replacing any earlier one of the same kind, and adds CredentialSubmitted to the outbox.</summary>
    public async Task<StoredCredential> StoreAsync(KnownMailbox mailbox, CredentialKind kind, string? username, string password,
        CredentialSubmitter submittedBy, Guid correlationId, CancellationToken cancellationToken)
    {
        var sealedCredential = await vault.SealAsync(new CredentialAddress(mailbox.OperatorId, mailbox.ProjectId, mailbox.Id, kind),
            username, password, submittedBy, cancellationToken);
        db.Credentials.Add(sealedCredential);
        db.AddEvent(new CredentialSubmitted
        {
            OperatorId = mailbox.OperatorId,
            ProjectId = mailbox.ProjectId,
            MailboxId = mailbox.Id,
            CorrelationId = correlationId,
            Kind = kind,
            CredentialReference = sealedCredential.Id,
            SubmittedBy = submittedBy,
            SubmittedAt = sealedCredential.StoredAt,
        }, clock);
        return sealedCredential;
    }

    /// <summary>Removes the earlier credentials of these mailboxes and kind, in the caller's transaction.</summary>
    public Task<int> RemoveEarlierAsync(IReadOnlyCollection<Guid> mailboxIds, CredentialKind kind, CancellationToken cancellationToken) =>
        db.Credentials.Where(c => c.Kind == kind && mailboxIds.Contains(c.MailboxId)).ExecuteDeleteAsync(cancellationToken);
}
