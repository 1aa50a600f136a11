using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;
using Migration.Contracts.Internal;
using Migration.Messaging;
using Migration.ServiceDefaults.Auth;
using Migration.SourceAccess.Data;
using Migration.ServiceDefaults.Vault;
using Migration.SourceAccess.Verification;

namespace Migration.SourceAccess.Checks;

/// <summary>
/// Runs one claimed check: reads the credential from the vault (audited there), tries it once through the resilient
/// verifier, and records the outcome with its events in one transaction. The outcome is about the credential that was
/// tried: one that was replaced during the check is told (and ignored downstream) but does not reschedule the new one.
/// </summary>
public sealed partial class CheckRunner(SourceAccessDbContext db, VaultCredentials vault, ResilientVerifier verifier,
    IOptions<CheckOptions> options, TimeProvider clock, ILogger<CheckRunner> logger)
{
    private static readonly TimeSpan VaultRetryDelay = TimeSpan.FromSeconds(5);
    private readonly Dictionary<Guid, SourceProject> _projects = [];

    public async Task RunAsync(ClaimedCheck check, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var project = await ProjectAsync(check.ProjectId, cancellationToken);
        if (check is not { CredentialReference: { } reference, Address: { } address })
        {
            await ReleaseAsync(check, dueAt: null, cancellationToken);
            return;
        }
        CredentialSecret? secret;
        try
        {
            secret = await vault.ReadAsync(reference, "source access check", cancellationToken);
        }
        catch (Exception ex) when (InternalServices.IsUnreachable(ex) || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogVaultUnavailable(logger, ex.GetType().Name);
            await ReleaseAsync(check, clock.GetUtcNow() + VaultRetryDelay, cancellationToken);
            return;
        }
        if (secret is null)
        {
            // Replaced or purged since: a replacement brings its own check.
            await ReleaseAsync(check, dueAt: null, cancellationToken);
            return;
        }
        var request = new VerificationRequest(project.Settings, address, SecretFor(project, secret, address));
        VerificationOutcome outcome;
        try
        {
            outcome = await verifier.VerifyAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A verifier bug must not hold the mailbox in verifying; the type only, since a message may quote what it sent.
            LogVerifierFailed(logger, project.Kind, project.Method, ex.GetType().Name);
            outcome = VerificationOutcome.Failed(SourceAccessReasons.InternalError);
        }
        if (check.MailboxId is { } mailboxId)
        {
            await RecordMailboxAsync(project, mailboxId, reference, outcome, cancellationToken);
        }
        else
        {
            await RecordGrantAsync(project, reference, address, outcome, cancellationToken);
        }
    }

    /// <summary>
    /// A project's settings, read once per drain (a runner lives as long as its drain): they do not change after the
    /// project is created, and what does change (the grant, completion) is read where it is decided.
    /// </summary>
    private async Task<SourceProject> ProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (!_projects.TryGetValue(projectId, out var project))
        {
            project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, cancellationToken);
            _projects[projectId] = project;
        }
        return project;
    }

    private static SourceSecret SecretFor(SourceProject project, CredentialSecret secret, string address) =>
        project.Method == AccessMethod.Password
            ? new SourceSecret(string.IsNullOrWhiteSpace(secret.Username) ? address : secret.Username, secret.Password)
            : new SourceSecret(secret.Username, secret.Password);

    private async Task RecordMailboxAsync(SourceProject project, Guid mailboxId, Guid reference, VerificationOutcome outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mailbox = await db.Mailboxes.FromSql($"SELECT * FROM source_mailboxes WHERE id = {mailboxId} FOR UPDATE").SingleAsync(cancellationToken);
        var passwordAccess = project.Method == AccessMethod.Password;
        var current = passwordAccess
            ? mailbox.CredentialReference
            : await db.Projects.Where(p => p.Id == project.Id).Select(p => p.GrantReference).SingleAsync(cancellationToken);
        var schedule = new CheckSchedule(options.Value.RecheckEvery ?? TimeSpan.FromHours(project.RecheckEveryHours), project.CutoverDate,
            options.Value.RetryUnavailableAfter);
        var decision = CheckPolicy.After(new CheckState(mailbox.Status, mailbox.Reason, mailbox.VerifiedReference, mailbox.CutoverCheckDone),
            reference, passwordAccess, mailbox.CheckRequested, outcome, now, schedule);
        if (current == reference)
        {
            (mailbox.Status, mailbox.Reason, mailbox.VerifiedReference, mailbox.CutoverCheckDone) =
                (decision.State.Status, decision.State.Reason, decision.State.VerifiedReference, decision.State.CutoverCheckDone);
            mailbox.DueAt = decision.NextDueAt;
            mailbox.CheckRequested = false;
        }
        mailbox.ClaimedUntil = null;
        mailbox.LastCheckedAt = now;
        Publish(decision, mailbox, reference, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private void Publish(CheckDecision decision, SourceMailbox mailbox, Guid reference, DateTimeOffset now)
    {
        var correlationId = Guid.NewGuid();
        switch (decision.Publication)
        {
            case Publication.Verified:
                db.AddEvent(new SourceAccessVerified
                {
                    OperatorId = mailbox.OperatorId, ProjectId = mailbox.ProjectId, MailboxId = mailbox.Id, CorrelationId = correlationId,
                    CredentialReference = reference, CheckedAt = now,
                }, clock);
                break;
            case Publication.Failed or Publication.PasswordChanged:
                db.AddEvent(new SourceAccessFailed
                {
                    OperatorId = mailbox.OperatorId, ProjectId = mailbox.ProjectId, MailboxId = mailbox.Id, CorrelationId = correlationId,
                    CredentialReference = reference, Reason = decision.State.Reason!, CheckedAt = now,
                }, clock);
                if (decision.Publication == Publication.PasswordChanged)
                {
                    db.AddEvent(new PasswordChangeDetected
                    {
                        OperatorId = mailbox.OperatorId, ProjectId = mailbox.ProjectId, MailboxId = mailbox.Id, CorrelationId = correlationId,
                        CredentialReference = reference, DetectedAt = now,
                    }, clock);
                }
                break;
        }
    }

    private async Task RecordGrantAsync(SourceProject checkedProject, Guid reference, string address, VerificationOutcome outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var project = await db.Projects.FromSql($"SELECT * FROM source_projects WHERE id = {checkedProject.Id} FOR UPDATE").SingleAsync(cancellationToken);
        project.GrantCheckClaimedUntil = null;
        if (project.GrantReference == reference)
        {
            project.GrantStatus = outcome.IsVerified ? GrantStatus.Verified : GrantStatus.Failed;
            project.GrantReason = outcome.FailureReason;
            project.GrantCheckDueAt = outcome.FailureReason is { } reason && SourceAccessReasons.MayPass(reason)
                ? now + options.Value.RetryUnavailableAfter
                : null;
            if (outcome.IsVerified)
            {
                // Every mailbox of the project is checked with the grant now.
                await db.Mailboxes.Where(m => m.ProjectId == project.Id)
                    .ExecuteUpdateAsync(m => m.SetProperty(x => x.DueAt, now).SetProperty(x => x.CheckRequested, true), cancellationToken);
            }
        }
        db.AddEvent(new SourceAccessGrantChecked
        {
            OperatorId = project.OperatorId, ProjectId = project.Id, CorrelationId = Guid.NewGuid(), CredentialReference = reference,
            TestMailbox = address, FailureReason = outcome.FailureReason, CheckedAt = now,
        }, clock);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives the claim back, due again at <paramref name="dueAt"/> (null: nothing to check until news arrives).</summary>
    private async Task ReleaseAsync(ClaimedCheck check, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        if (check.MailboxId is { } mailboxId)
        {
            await db.Mailboxes.Where(m => m.Id == mailboxId)
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(x => x.DueAt, x => dueAt == null && x.CredentialReference != null && x.CredentialReference != check.CredentialReference ? x.DueAt : dueAt), cancellationToken);
        }
        else
        {
            await db.Projects.Where(p => p.Id == check.ProjectId)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.GrantCheckClaimedUntil, (DateTimeOffset?)null).SetProperty(x => x.GrantCheckDueAt, dueAt), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vault could not be reached for a source check ({ExceptionType}); the check waits.")]
    private static partial void LogVaultUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Kind}/{Method} verifier failed unexpectedly ({ExceptionType}); the mailbox shows internalError.")]
    private static partial void LogVerifierFailed(ILogger logger, SourceKind kind, AccessMethod method, string exceptionType);
}
