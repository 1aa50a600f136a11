using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Copies;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Vault;
using Migration.Messaging;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

/// <summary>Checks a credential against what its project needs, seals it in the vault, and announces it by reference.</summary>
public sealed class CredentialIntake(CredentialsDbContext db, CredentialVault vault, CredentialWriter writer, ProjectCopy copy, TimeProvider clock)
{
    public const int MaxPasswordLength = 256;

    /// <summary>
    /// The operator's project, or the problem to answer: 404 when unknown (or another operator's), 409 when completed.
    /// A project this copy does not know yet is asked of its owner; with <paramref name="everyMailbox"/> the copy of its
    /// mailboxes is brought up to date first, so the call sees every mailbox the operator added before it.
    /// </summary>
    public async Task<(KnownProject? Project, ProblemHttpResult? Problem)> FindOpenProjectAsync(ClaimsPrincipal user, Guid projectId, bool everyMailbox,
        CancellationToken cancellationToken)
    {
        var project = everyMailbox ? null : await FindProjectAsync(user.GetOperatorId(), projectId, cancellationToken);
        if (project is null)
        {
            if (await CatchUpAsync(user, projectId, cancellationToken) is { } problem)
            {
                return (null, problem);
            }
            project = await FindProjectAsync(user.GetOperatorId(), projectId, cancellationToken);
        }
        if (project is null)
        {
            return (null, ProjectNotFound(projectId));
        }
        return project.CompletedAt is null && project.PurgedAt is null
            ? (project, null)
            : (null, Completed());
    }

    /// <summary>The project's mailbox, asked of the owner when this copy does not know it yet; or the 404 to answer.</summary>
    public async Task<(KnownMailbox? Mailbox, ProblemHttpResult? Problem)> FindMailboxAsync(ClaimsPrincipal user, Guid projectId, Guid mailboxId,
        CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var query = db.Mailboxes.AsNoTracking().Where(m => m.Id == mailboxId && m.ProjectId == projectId && m.OperatorId == operatorId);
        var mailbox = await query.SingleOrDefaultAsync(cancellationToken);
        if (mailbox is null && await CatchUpAsync(user, projectId, cancellationToken) is { } problem)
        {
            return (null, problem);
        }
        mailbox ??= await query.SingleOrDefaultAsync(cancellationToken);
        return mailbox is null ? (null, Problems.NotFound($"There is no mailbox {mailboxId} in project {projectId}.")) : (mailbox, null);
    }

    private Task<KnownProject?> FindProjectAsync(Guid operatorId, Guid projectId, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId && p.OperatorId == operatorId, cancellationToken);

    private async Task<ProblemHttpResult?> CatchUpAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken)
    {
        try
        {
            return await copy.CatchUpAsync(user, projectId, cancellationToken) ? null : ProjectNotFound(projectId);
        }
        catch (Exception ex) when (InternalServices.IsUnreachable(ex))
        {
            return Problems.Unavailable("The migrations service, which owns the project, could not be asked; try again in a moment.");
        }
    }

    private static ProblemHttpResult ProjectNotFound(Guid projectId) => Problems.NotFound($"There is no project {projectId}.");

    /// <summary>
    /// Inside a write's transaction: holds the project's lock shared against a concurrent purge (see <see cref="ProjectLock"/>)
    /// and says whether the project is still open. The check is its own statement, so that it sees a purge that committed
    /// while this write waited for the lock.
    /// </summary>
    public async Task<bool> HoldOpenProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({ProjectLock.Key(projectId)})", cancellationToken);
        return await db.Projects.AnyAsync(p => p.Id == projectId && p.CompletedAt == null && p.PurgedAt == null, cancellationToken);
    }

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
        : !StorableText.IsStorable(password) ? "A password cannot contain a NUL character or half of a surrogate pair."
        : null;

    /// <summary>Adds a sealed credential, with CredentialSubmitted, to the context; the caller saves and commits.</summary>
    public void Add(StoredCredential credential, Guid correlationId)
    {
        db.Credentials.Add(credential);
        db.AddEvent(Submitted(credential, correlationId), clock);
    }

    /// <summary>An operator's single entry: sealed and stored in place of any earlier one, with CredentialSubmitted, in one round trip.</summary>
    public async Task<(CredentialWriteOutcome Outcome, StoredCredential Stored)> ReplaceAsync(KnownMailbox mailbox, CredentialKind kind, string? username,
        string password, CancellationToken cancellationToken)
    {
        var stored = await SealAsync(mailbox, kind, username, password, CredentialSubmitter.Operator, cancellationToken);
        var submitted = Outbox.Message(Submitted(stored, Guid.CreateVersion7()), clock);
        return (await writer.WriteAsync(mailbox.ProjectId, [stored], Replacing.Any, [submitted], cancellationToken), stored);
    }

    public Task<StoredCredential> SealAsync(KnownMailbox mailbox, CredentialKind kind, string? username, string password,
        CredentialSubmitter submittedBy, CancellationToken cancellationToken) =>
        vault.SealAsync(new CredentialAddress(mailbox.OperatorId, mailbox.ProjectId, mailbox.Id, kind), username, password, submittedBy, cancellationToken);

    /// <summary>The announcement of a stored credential: a reference, never the secret.</summary>
    public static CredentialSubmitted Submitted(StoredCredential credential, Guid correlationId) => new()
    {
        OperatorId = credential.OperatorId,
        ProjectId = credential.ProjectId,
        MailboxId = credential.MailboxId,
        CorrelationId = correlationId,
        Kind = credential.Kind,
        CredentialReference = credential.Id,
        SubmittedBy = credential.SubmittedBy,
        SubmittedAt = credential.StoredAt,
    };

    /// <summary>Removes the earlier credentials of these mailboxes and kind, in the caller's transaction.</summary>
    public Task<int> RemoveEarlierAsync(IReadOnlyCollection<Guid> mailboxIds, CredentialKind kind, CancellationToken cancellationToken) =>
        db.Credentials.Where(c => c.Kind == kind && mailboxIds.Contains(c.MailboxId)).ExecuteDeleteAsync(cancellationToken);
}
