using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Provisioning.Data;
using Migration.Provisioning.Graph;
using Migration.Provisioning.Quotas;
using Migration.ServiceDefaults.Vault;
using Migration.ServiceDefaults.Auth;

namespace Migration.Provisioning.Jobs;

/// <summary>
/// Runs one claimed job: looks the user up, then takes the steps <see cref="ProvisioningPlan"/> decides one by one, each
/// write only with a token of the write quotas and each recorded in the job row as soon as it is done; the outcome and its
/// event commit together. A 429 blocks its scope for every replica until its Retry-After and gives the job back, due then;
/// a passing fault gives it back with a growing delay; a refusal fails it with its reason.
/// </summary>
public sealed partial class JobRunner(
    ProvisioningDbContext db,
    VaultCredentials vault,
    DestinationGraph graph,
    GraphClients clients,
    WriteQuotas quotas,
    ThrottleBlocks blocks,
    IOptions<JobOptions> jobOptions,
    IOptions<QuotaOptions> quotaOptions,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    private const int MaxSteps = 8;

    public async Task RunAsync(ProvisioningJob job, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var reference = job.CredentialReference;
        var scopes = QuotaScopes.For(clients.AppId, job.Tenant);
        var facts = new JobFacts(job.Action, reference, job.CreateSentReference, job.PasswordSetReference, job.LicenseSku);
        var adopted = job.Adopted;
        string? password = null;
        try
        {
            var user = await graph.FindUserAsync(job.Tenant, job.Upn, cancellationToken);
            var license = job.Action == ProvisioningAction.CreateAccount && job.LicenseSku is { } sku
                ? LicenseWanted.Of(sku, await graph.ResolveSkuAsync(job.Tenant, sku, cancellationToken))
                : LicenseWanted.None;
            for (var taken = 0; taken < MaxSteps; taken++)
            {
                var step = ProvisioningPlan.Next(facts, user, license);
                switch (step.Kind)
                {
                    case StepKind.Succeed:
                        await FinishAsync(job, user!.Id, adopted, reason: null, cancellationToken);
                        return;
                    case StepKind.Fail:
                        await FinishAsync(job, user?.Id, adopted, step.Reason, cancellationToken);
                        return;
                    case StepKind.RecordOwnCreation:
                        facts = facts with { PasswordSetReference = reference };
                        await RecordAsync(job.MailboxId, j => j.SetProperty(x => x.PasswordSetReference, reference).SetProperty(x => x.UserId, user!.Id), cancellationToken);
                        continue;
                }
                if (step.Kind is StepKind.CreateUser or StepKind.SetPassword && password is null)
                {
                    password = await ReadPasswordAsync(job, cancellationToken);
                    if (password is null)
                    {
                        return;
                    }
                }
                var createSentBefore = facts.CreateSentReference;
                if (step.Kind == StepKind.CreateUser)
                {
                    // Recorded before the token is taken, so that no database round trip lies between the token and the send.
                    await RecordAsync(job.MailboxId, j => j.SetProperty(x => x.CreateSentReference, reference), cancellationToken);
                }
                if (!await TakeTokenAsync(job, scopes, cancellationToken))
                {
                    if (step.Kind == StepKind.CreateUser)
                    {
                        await RecordAsync(job.MailboxId, j => j.SetProperty(x => x.CreateSentReference, createSentBefore), cancellationToken);
                    }
                    return;
                }
                switch (step.Kind)
                {
                    case StepKind.CreateUser:
                        (user, facts) = await CreateAsync(job, facts, createSentBefore, password!, cancellationToken);
                        if (user is null)
                        {
                            await FinishAsync(job, null, adopted, ProvisioningReasons.AlreadyExists, cancellationToken);
                            return;
                        }
                        break;
                    case StepKind.SetPassword:
                        if (job.Action == ProvisioningAction.CreateAccount && !adopted)
                        {
                            adopted = true;
                            await RecordAsync(job.MailboxId, j => j.SetProperty(x => x.Adopted, true).SetProperty(x => x.UserId, user!.Id), cancellationToken);
                        }
                        await graph.SetPasswordAsync(job.Tenant, user!.Id, password!, step.WithUsageLocation ? job.UsageLocation : null, cancellationToken);
                        facts = facts with { PasswordSetReference = reference };
                        await RecordAsync(job.MailboxId, j => j.SetProperty(x => x.PasswordSetReference, reference).SetProperty(x => x.UserId, user.Id), cancellationToken);
                        user = step.WithUsageLocation ? user with { UsageLocation = job.UsageLocation } : user;
                        break;
                    case StepKind.SetUsageLocation:
                        await graph.SetUsageLocationAsync(job.Tenant, user!.Id, job.UsageLocation, cancellationToken);
                        user = user with { UsageLocation = job.UsageLocation };
                        break;
                    case StepKind.AssignLicense:
                        await graph.AssignLicenseAsync(job.Tenant, user!.Id, license.SkuId!.Value, cancellationToken);
                        user = user with { LicenseSkuIds = [.. user.LicenseSkuIds, license.SkuId.Value] };
                        break;
                }
            }
            LogTooManySteps(logger, job.MailboxId);
            await ReleaseAsync(job, clock.GetUtcNow() + jobOptions.Value.RetryFirstDelay, cancellationToken);
        }
        catch (GraphFaultException failed)
        {
            await HandleFaultAsync(job, scopes, adopted, failed, cancellationToken);
        }
    }

    /// <summary>
    /// POST /users, recorded as sent first. ObjectConflict means the UPN exists: the user is looked up and adopted, or, when
    /// an earlier create of ours with this credential may have made it, taken as ours. Null: the UPN belongs to no user.
    /// </summary>
    private async Task<(DestinationUser? User, JobFacts Facts)> CreateAsync(ProvisioningJob job, JobFacts facts, Guid? previous, string password,
        CancellationToken cancellationToken)
    {
        var reference = facts.CredentialReference;
        try
        {
            var created = await graph.CreateUserAsync(job.Tenant,
                new NewAccount(job.Upn, job.DisplayName, job.FirstName, job.LastName, job.UsageLocation), password, cancellationToken);
            await RecordAsync(job.MailboxId, j => j.SetProperty(x => x.PasswordSetReference, reference).SetProperty(x => x.UserId, created.Id), cancellationToken);
            return (created, facts with { CreateSentReference = reference, PasswordSetReference = reference });
        }
        catch (GraphFaultException conflict) when (conflict.Fault.Kind == GraphFaultKind.Conflict)
        {
            if (previous != reference)
            {
                // This create made nothing and none before it could have: the account is someone else's, to adopt.
                await RecordAsync(job.MailboxId, j => j.SetProperty(x => x.CreateSentReference, previous), cancellationToken);
            }
            var existing = await graph.FindUserAsync(job.Tenant, job.Upn, cancellationToken);
            LogAdopting(logger, job.MailboxId, existing is not null);
            return (existing, facts with { CreateSentReference = previous == reference ? reference : previous });
        }
    }

    private async Task<string?> ReadPasswordAsync(ProvisioningJob job, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await vault.ReadAsync(job.CredentialReference, "destination account provisioning", cancellationToken);
            if (secret is null)
            {
                // Replaced or purged: a newer request brings its own credential.
                LogCredentialGone(logger, job.MailboxId);
                await ReleaseAsync(job, dueAt: null, cancellationToken);
            }
            return secret?.Password;
        }
        catch (Exception ex) when (InternalServices.IsUnreachable(ex) || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogVaultUnavailable(logger, ex.GetType().Name);
            await ReleaseAsync(job, clock.GetUtcNow() + Delay(job), cancellationToken);
            return null;
        }
    }

    /// <summary>
    /// A token of all three quotas, reserved and waited for when it is there within the worker's longest wait; else the job
    /// is given back, due when a token can be reserved again.
    /// </summary>
    private async Task<bool> TakeTokenAsync(ProvisioningJob job, QuotaScopes scopes, CancellationToken cancellationToken)
    {
        var maxWait = quotaOptions.Value.MaxWaitInWorker;
        var answer = await quotas.TryTakeAsync(scopes, maxWait, cancellationToken);
        if (answer.Granted)
        {
            DateTimeOffset? blocked = null;
            if (answer.Wait > TimeSpan.Zero)
            {
                await Task.Delay(answer.Wait, clock, cancellationToken);
                // A 429 of another replica while this one waited for its reserved token.
                blocked = await quotas.BlockedUntilAsync(scopes, cancellationToken);
            }
            blocked ??= blocks.Until(scopes);
            if (blocked is null)
            {
                return true;
            }
            await ReleaseAsync(job, blocked, cancellationToken, throttled: true);
            return false;
        }
        var later = answer.Wait - maxWait;
        await ReleaseAsync(job, clock.GetUtcNow() + (later > TimeSpan.Zero ? later : TimeSpan.Zero), cancellationToken, throttled: true);
        return false;
    }

    private async Task HandleFaultAsync(ProvisioningJob job, QuotaScopes scopes, bool adopted, GraphFaultException failed, CancellationToken cancellationToken)
    {
        var fault = failed.Fault;
        var now = clock.GetUtcNow();
        switch (fault.Kind)
        {
            case GraphFaultKind.Throttled:
                var until = fault.RetryAt ?? now + jobOptions.Value.RetryFirstDelay;
                LogThrottled(logger, scopes.Of(fault.ThrottleScope), until);
                blocks.Block(scopes.Of(fault.ThrottleScope), until);
                await quotas.BlockAsync(scopes.Of(fault.ThrottleScope), until, cancellationToken);
                await ReleaseAsync(job, until, cancellationToken, throttled: true);
                break;
            case GraphFaultKind.Refused:
                LogRefused(logger, job.MailboxId, failed.Message, fault.Reason!);
                await FinishAsync(job, job.UserId, adopted, fault.Reason, cancellationToken);
                break;
            case GraphFaultKind.NotFound:
                // The user went away between the look and the write: look again.
                await ReleaseAsync(job, now, cancellationToken);
                break;
            default:
                if (job.FirstAttemptAt is { } first && now - first > jobOptions.Value.GiveUpAfter)
                {
                    LogGivenUp(logger, job.MailboxId, failed.Message);
                    await FinishAsync(job, job.UserId, adopted, ProvisioningReasons.InternalError, cancellationToken);
                    break;
                }
                LogTransient(logger, job.MailboxId, failed.Message);
                await ReleaseAsync(job, fault.RetryAt ?? now + Delay(job), cancellationToken);
                break;
        }
    }

    private TimeSpan Delay(ProvisioningJob job) =>
        ProvisioningPlan.RetryDelay(job.Attempts, jobOptions.Value.RetryFirstDelay, jobOptions.Value.RetryMaxDelay);

    private Task<int> RecordAsync(Guid mailboxId,
        Func<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ProvisioningJob>, Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ProvisioningJob>> set,
        CancellationToken cancellationToken) =>
        db.Jobs.Where(j => j.MailboxId == mailboxId).ExecuteUpdateAsync(j => set(j), cancellationToken);

    /// <summary>Gives the claim back, due again at <paramref name="dueAt"/> unless a newer request made it due already.</summary>
    private Task<int> ReleaseAsync(ProvisioningJob job, DateTimeOffset? dueAt, CancellationToken cancellationToken, bool throttled = false)
    {
        var reference = job.CredentialReference;
        var attempts = throttled ? 1 : 0;
        return db.Jobs.Where(j => j.MailboxId == job.MailboxId).ExecuteUpdateAsync(j => j
            .SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null)
            .SetProperty(x => x.Attempts, x => x.Attempts - attempts)
            .SetProperty(x => x.DueAt, x => x.CredentialReference == reference ? dueAt : x.DueAt), cancellationToken);
    }

    /// <summary>The outcome and its event, in one transaction; an outcome for a credential that was replaced meanwhile is dropped.</summary>
    private async Task FinishAsync(ProvisioningJob claimed, string? userId, bool adopted, string? reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await db.Jobs.FromSql($"SELECT * FROM provisioning_jobs WHERE mailbox_id = {claimed.MailboxId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            return;
        }
        job.ClaimedUntil = null;
        if (job.CredentialReference == claimed.CredentialReference)
        {
            job.Status = reason is null ? JobStatus.Succeeded : JobStatus.Failed;
            job.Reason = reason;
            job.UserId = userId ?? job.UserId;
            job.CompletedAt = now;
            job.DueAt = null;
            job.Attempts = 0;
            job.FirstAttemptAt = null;
            AddOutcome(job, adopted, reason, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The job's outcome as its event (each by its own type: the outbox names the message by the type it is given).</summary>
    private void AddOutcome(ProvisioningJob job, bool adopted, string? reason, DateTimeOffset now)
    {
        if (reason is not null)
        {
            db.AddEvent(new ProvisioningFailed
            {
                OperatorId = job.OperatorId, ProjectId = job.ProjectId, MailboxId = job.MailboxId, CorrelationId = job.CorrelationId,
                Reason = reason, DestinationCredentialReference = job.CredentialReference, FailedAt = now,
            }, clock);
        }
        else if (job.Action == ProvisioningAction.SetPassword)
        {
            db.AddEvent(new DestinationPasswordSet
            {
                OperatorId = job.OperatorId, ProjectId = job.ProjectId, MailboxId = job.MailboxId, CorrelationId = job.CorrelationId,
                UserId = job.UserId!, DestinationCredentialReference = job.CredentialReference, SetAt = now,
            }, clock);
        }
        else
        {
            db.AddEvent(new DestinationAccountProvisioned
            {
                OperatorId = job.OperatorId, ProjectId = job.ProjectId, MailboxId = job.MailboxId, CorrelationId = job.CorrelationId,
                UserId = job.UserId!, Adopted = adopted, LicenseSku = job.LicenseSku, DestinationCredentialReference = job.CredentialReference,
                ProvisionedAt = now,
            }, clock);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph throttled writes to {Scope} until {Until:O}; every replica waits.")]
    private static partial void LogThrottled(ILogger logger, string scope, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provisioning of mailbox {MailboxId} refused: {Description} ({Reason}).")]
    private static partial void LogRefused(ILogger logger, Guid mailboxId, string description, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provisioning of mailbox {MailboxId} met a passing fault ({Description}); tried again later.")]
    private static partial void LogTransient(ILogger logger, Guid mailboxId, string description);

    [LoggerMessage(Level = LogLevel.Error, Message = "Provisioning of mailbox {MailboxId} given up after passing faults ({Description}).")]
    private static partial void LogGivenUp(ILogger logger, Guid mailboxId, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "The UPN of mailbox {MailboxId} exists already (a user: {IsUser}); adopting it.")]
    private static partial void LogAdopting(ILogger logger, Guid mailboxId, bool isUser);

    [LoggerMessage(Level = LogLevel.Information, Message = "The credential of mailbox {MailboxId} is gone from the vault; waiting for a newer request.")]
    private static partial void LogCredentialGone(ILogger logger, Guid mailboxId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vault could not be reached for provisioning ({ExceptionType}); the job waits.")]
    private static partial void LogVaultUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Provisioning of mailbox {MailboxId} took too many steps; tried again later.")]
    private static partial void LogTooManySteps(ILogger logger, Guid mailboxId);
}
