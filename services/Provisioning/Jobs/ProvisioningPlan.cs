using Migration.Contracts.Events;
using Migration.Provisioning.Graph;

namespace Migration.Provisioning.Jobs;

public enum StepKind
{
    /// <summary>POST /users with the password.</summary>
    CreateUser,

    /// <summary>The user exists since a create of ours with this very credential: it has the password; record it, no write.</summary>
    RecordOwnCreation,

    /// <summary>PATCH passwordProfile (and usageLocation when <see cref="Step.WithUsageLocation"/>).</summary>
    SetPassword,

    /// <summary>PATCH usageLocation alone: a licence needs one.</summary>
    SetUsageLocation,

    /// <summary>POST assignLicense.</summary>
    AssignLicense,
    Succeed,
    Fail,
}

/// <summary>The next thing a job does; <see cref="Reason"/> for <see cref="StepKind.Fail"/>.</summary>
public sealed record Step(StepKind Kind, string? Reason = null, bool WithUsageLocation = false)
{
    public bool IsWrite => Kind is StepKind.CreateUser or StepKind.SetPassword or StepKind.SetUsageLocation or StepKind.AssignLicense;
}

/// <summary>What the job row records of a mailbox's provisioning (see <see cref="Data.ProvisioningJob"/>).</summary>
public sealed record JobFacts(ProvisioningAction Action, Guid CredentialReference, Guid? CreateSentReference, Guid? PasswordSetReference, string? LicenseSku);

/// <summary>The licence the project names, as the tenant's subscribedSkus resolve it.</summary>
public sealed record LicenseWanted(bool Wanted, Guid? SkuId)
{
    public static readonly LicenseWanted None = new(false, null);

    public static LicenseWanted Of(string? skuPartNumber, Guid? resolved) => skuPartNumber is null ? None : new LicenseWanted(true, resolved);
}

/// <summary>
/// R7 as a pure function: from what the job row records and what Graph shows of the user now, the next step. Every write
/// is decided on a fresh look at the user, so a step that was done (before a crash, by an attempt whose answer was lost)
/// is seen done and not repeated: an account that exists is never created again, a licence it has is not assigned again,
/// and the password is set only when the row does not know the account to have this credential's.
/// </summary>
public static class ProvisioningPlan
{
    public static Step Next(JobFacts facts, DestinationUser? user, LicenseWanted license)
    {
        var reference = facts.CredentialReference;
        if (facts.Action == ProvisioningAction.SetPassword)
        {
            return user is null ? new Step(StepKind.Fail, ProvisioningReasons.MailboxNotFound)
                : facts.PasswordSetReference != reference ? new Step(StepKind.SetPassword)
                : new Step(StepKind.Succeed);
        }
        if (user is null)
        {
            return new Step(StepKind.CreateUser);
        }
        var needsUsageLocation = license.Wanted && string.IsNullOrWhiteSpace(user.UsageLocation);
        if (facts.PasswordSetReference != reference)
        {
            return facts.CreateSentReference == reference
                ? new Step(StepKind.RecordOwnCreation)
                : new Step(StepKind.SetPassword, WithUsageLocation: needsUsageLocation);
        }
        if (license.Wanted)
        {
            if (license.SkuId is not { } skuId)
            {
                return new Step(StepKind.Fail, ProvisioningReasons.LicenseUnavailable);
            }
            if (!user.LicenseSkuIds.Contains(skuId))
            {
                return needsUsageLocation ? new Step(StepKind.SetUsageLocation) : new Step(StepKind.AssignLicense);
            }
        }
        return new Step(StepKind.Succeed);
    }

    /// <summary>When a job that met a passing fault is tried again: doubling from <paramref name="first"/> up to <paramref name="max"/>.</summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * factor));
        return delay < first ? first : delay;
    }
}
