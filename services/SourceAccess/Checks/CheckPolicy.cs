using Migration.Contracts.Events;
using Migration.SourceAccess.Data;
using Migration.SourceAccess.Verification;

namespace Migration.SourceAccess.Checks;

public enum Publication { None, Verified, Failed, PasswordChanged }

/// <summary>What a mailbox's check row says before a check.</summary>
public sealed record CheckState(MailboxCheckStatus Status, string? Reason, Guid? VerifiedReference, bool CutoverCheckDone);

/// <summary>The row after the check, and what is to be told.</summary>
public sealed record CheckDecision(CheckState State, DateTimeOffset? NextDueAt, Publication Publication);

public sealed record CheckSchedule(TimeSpan RecheckEvery, DateOnly? CutoverDate, TimeSpan RetryUnavailableAfter)
{
    /// <summary>R8: once more 24 hours before the cutover (the cutover date's start, UTC).</summary>
    public DateTimeOffset? CutoverCheckAt => CutoverDate is { } date
        ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(-24)
        : null;
}

/// <summary>
/// R8 as a pure function: what a check's outcome does to a mailbox. A refusal of the very credential that worked before is
/// a password change (password access only: an impersonation grant has no end user to ask); a fault that may pass leaves a
/// verified mailbox verified in a scheduled re-check (not in one somebody asked for) and is tried again later. Every other outcome is told, also when unchanged: whoever asked
/// for the check (a new credential, the verify call) shows the mailbox as verifying until it hears.
/// </summary>
public static class CheckPolicy
{
    public static CheckDecision After(CheckState before, Guid tried, bool passwordAccess, bool requested, VerificationOutcome outcome,
        DateTimeOffset now, CheckSchedule schedule)
    {
        var cutoverDone = before.CutoverCheckDone || (schedule.CutoverCheckAt is { } at && now >= at);
        var wasVerified = before.Status == MailboxCheckStatus.Verified && before.VerifiedReference == tried;
        if (outcome.IsVerified)
        {
            var state = new CheckState(MailboxCheckStatus.Verified, null, tried, cutoverDone);
            return new CheckDecision(state, NextRecheck(now, schedule, cutoverDone), Publication.Verified);
        }
        var reason = outcome.FailureReason!;
        if (SourceAccessReasons.MayPass(reason))
        {
            var retryAt = now + schedule.RetryUnavailableAfter;
            return wasVerified && !requested
                ? new CheckDecision(before with { CutoverCheckDone = cutoverDone }, retryAt, Publication.None)
                : new CheckDecision(new CheckState(MailboxCheckStatus.Failed, reason, before.VerifiedReference, cutoverDone), retryAt, Publication.Failed);
        }
        if (passwordAccess && wasVerified && reason == SourceAccessReasons.InvalidPassword)
        {
            return new CheckDecision(new CheckState(MailboxCheckStatus.Failed, SourceAccessReasons.PasswordChanged, before.VerifiedReference, cutoverDone),
                null, Publication.PasswordChanged);
        }
        return new CheckDecision(new CheckState(MailboxCheckStatus.Failed, reason, before.VerifiedReference, cutoverDone), null, Publication.Failed);
    }

    public static DateTimeOffset NextRecheck(DateTimeOffset now, CheckSchedule schedule, bool cutoverCheckDone)
    {
        var next = now + schedule.RecheckEvery;
        return !cutoverCheckDone && schedule.CutoverCheckAt is { } at && at > now && at < next ? at : next;
    }
}
