using Migration.Contracts.Events;
using Migration.SourceAccess.Checks;
using Migration.SourceAccess.Data;
using Migration.SourceAccess.Verification;

namespace Migration.UnitTests.SourceAccess;

/// <summary>R8's table: what one check's outcome does to a mailbox, row by row.</summary>
public sealed class CheckPolicyTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tried = Guid.CreateVersion7();
    private static readonly Guid Earlier = Guid.CreateVersion7(Now.AddDays(-3));
    private static readonly CheckSchedule Daily = new(TimeSpan.FromHours(24), CutoverDate: null, RetryUnavailableAfter: TimeSpan.FromMinutes(15));
    private static readonly CheckState Unchecked = new(MailboxCheckStatus.Unchecked, null, null, false);
    private static readonly CheckState VerifiedBefore = new(MailboxCheckStatus.Verified, null, Tried, false);

    private static CheckDecision After(CheckState before, VerificationOutcome outcome, bool passwordAccess = true, bool requested = false,
        CheckSchedule? schedule = null) =>
        CheckPolicy.After(before, Tried, passwordAccess, requested, outcome, Now, schedule ?? Daily);

    [Fact]
    public void A_first_success_is_verified_told_and_checked_again_after_the_interval()
    {
        var decision = After(Unchecked, VerificationOutcome.Verified);
        Assert.Equal(new CheckState(MailboxCheckStatus.Verified, null, Tried, false), decision.State);
        Assert.Equal(Now.AddHours(24), decision.NextDueAt);
        Assert.Equal(Publication.Verified, decision.Publication);
    }

    [Fact]
    public void A_scheduled_success_is_told_again_so_that_whoever_waits_for_it_hears()
    {
        Assert.Equal(Publication.Verified, After(VerifiedBefore, VerificationOutcome.Verified).Publication);
    }

    [Fact]
    public void A_check_run_within_24_hours_of_the_cutover_is_the_cutover_check()
    {
        // The cutover check was due at 2027-01-10 00:00; this one runs at 12:00 the same day.
        var schedule = Daily with { CutoverDate = new DateOnly(2027, 1, 11) };
        var decision = After(Unchecked, VerificationOutcome.Verified, schedule: schedule);
        Assert.True(decision.State.CutoverCheckDone);
        Assert.Equal(Now.AddHours(24), decision.NextDueAt);
    }

    [Fact]
    public void A_cutover_within_the_interval_brings_the_next_check_forward()
    {
        var schedule = Daily with { CutoverDate = new DateOnly(2027, 1, 12), RecheckEvery = TimeSpan.FromDays(7) };
        var decision = After(Unchecked, VerificationOutcome.Verified, schedule: schedule);
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 0, 0, 0, TimeSpan.Zero), decision.NextDueAt);
        Assert.False(decision.State.CutoverCheckDone);
    }

    [Fact]
    public void A_cutover_beyond_the_interval_leaves_the_interval()
    {
        var schedule = Daily with { CutoverDate = new DateOnly(2027, 3, 1) };
        Assert.Equal(Now.AddHours(24), After(Unchecked, VerificationOutcome.Verified, schedule: schedule).NextDueAt);
    }

    [Fact]
    public void Once_the_cutover_check_ran_the_interval_holds()
    {
        var schedule = Daily with { CutoverDate = new DateOnly(2027, 1, 12), RecheckEvery = TimeSpan.FromDays(7) };
        var decision = After(VerifiedBefore with { CutoverCheckDone = true }, VerificationOutcome.Verified, schedule: schedule);
        Assert.Equal(Now.AddDays(7), decision.NextDueAt);
    }

    [Fact]
    public void A_refused_new_password_is_invalid_and_waits_for_another()
    {
        var decision = After(Unchecked, VerificationOutcome.Failed(SourceAccessReasons.InvalidPassword));
        Assert.Equal(new CheckState(MailboxCheckStatus.Failed, SourceAccessReasons.InvalidPassword, null, false), decision.State);
        Assert.Null(decision.NextDueAt);
        Assert.Equal(Publication.Failed, decision.Publication);
    }

    [Fact]
    public void A_refusal_of_the_password_that_worked_is_a_password_change()
    {
        var decision = After(VerifiedBefore, VerificationOutcome.Failed(SourceAccessReasons.InvalidPassword));
        Assert.Equal(SourceAccessReasons.PasswordChanged, decision.State.Reason);
        Assert.Equal(MailboxCheckStatus.Failed, decision.State.Status);
        Assert.Null(decision.NextDueAt);
        Assert.Equal(Publication.PasswordChanged, decision.Publication);
    }

    [Fact]
    public void A_refusal_of_a_new_password_after_an_earlier_one_worked_is_not_a_change()
    {
        var before = new CheckState(MailboxCheckStatus.Verified, null, Earlier, false);
        var decision = After(before, VerificationOutcome.Failed(SourceAccessReasons.InvalidPassword));
        Assert.Equal(SourceAccessReasons.InvalidPassword, decision.State.Reason);
        Assert.Equal(Publication.Failed, decision.Publication);
    }

    [Fact]
    public void An_impersonation_grant_that_stops_working_is_refused_not_changed_there_is_no_end_user_to_ask()
    {
        var decision = After(VerifiedBefore, VerificationOutcome.Failed(SourceAccessReasons.InvalidPassword), passwordAccess: false);
        Assert.Equal(SourceAccessReasons.InvalidPassword, decision.State.Reason);
        Assert.Equal(Publication.Failed, decision.Publication);
    }

    [Theory]
    [InlineData(SourceAccessReasons.ServerUnreachable)]
    [InlineData(SourceAccessReasons.Throttled)]
    public void An_unavailable_source_on_a_first_check_is_told_and_tried_again_later(string reason)
    {
        var decision = After(Unchecked, VerificationOutcome.Failed(reason));
        Assert.Equal(new CheckState(MailboxCheckStatus.Failed, reason, null, false), decision.State);
        Assert.Equal(Now.AddMinutes(15), decision.NextDueAt);
        Assert.Equal(Publication.Failed, decision.Publication);
    }

    [Theory]
    [InlineData(SourceAccessReasons.ServerUnreachable)]
    [InlineData(SourceAccessReasons.Throttled)]
    public void An_unavailable_source_in_a_scheduled_recheck_leaves_the_mailbox_verified(string reason)
    {
        var decision = After(VerifiedBefore, VerificationOutcome.Failed(reason));
        Assert.Equal(VerifiedBefore, decision.State);
        Assert.Equal(Now.AddMinutes(15), decision.NextDueAt);
        Assert.Equal(Publication.None, decision.Publication);
    }

    [Fact]
    public void An_unavailable_source_in_a_check_somebody_asked_for_is_told()
    {
        var decision = After(VerifiedBefore, VerificationOutcome.Failed(SourceAccessReasons.ServerUnreachable), requested: true);
        Assert.Equal(MailboxCheckStatus.Failed, decision.State.Status);
        Assert.Equal(Publication.Failed, decision.Publication);
    }

    [Theory]
    [InlineData(SourceAccessReasons.MfaRequired)]
    [InlineData(SourceAccessReasons.AccountLocked)]
    [InlineData(SourceAccessReasons.AccountDisabled)]
    [InlineData(SourceAccessReasons.PasswordExpired)]
    [InlineData(SourceAccessReasons.MailboxNotFound)]
    [InlineData(SourceAccessReasons.ImpersonationDenied)]
    [InlineData(SourceAccessReasons.ConsentMissing)]
    [InlineData(SourceAccessReasons.InsufficientScope)]
    [InlineData(SourceAccessReasons.InternalError)]
    public void Any_other_refusal_is_told_and_waits_for_a_change(string reason)
    {
        var decision = After(VerifiedBefore, VerificationOutcome.Failed(reason));
        Assert.Equal(new CheckState(MailboxCheckStatus.Failed, reason, Tried, false), decision.State);
        Assert.Null(decision.NextDueAt);
        Assert.Equal(Publication.Failed, decision.Publication);
    }
}
