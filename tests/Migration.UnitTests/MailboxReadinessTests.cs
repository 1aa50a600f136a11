using Migration.Contracts.Events;
using Migration.Migrations.Domain;

namespace Migration.UnitTests;

/// <summary>The readiness half of the mailbox state machine (R7): provisioning results, the events a transition announces, and ProjectReady.</summary>
public sealed class MailboxReadinessTests
{
    private static readonly ProjectRequirements Both = new(SourcePassword: true, DestinationPassword: true, OutlookAssistantDownload: false, EndUserInvolved: true);

    private static MailboxProgress Progress(MailboxState state, SourceStatus source, DestinationStatus destination, ProvisioningStatus provisioning) =>
        new(state, source, destination, provisioning);

    /// <summary>Every provisioning status a mailbox can have when a result comes, with the source verified (the usual case) or not.</summary>
    public static TheoryData<MailboxProgress, MailboxProgress> SucceededRows => new()
    {
        { Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending),
          Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done) },
        { Progress(MailboxState.Failed, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Failed),
          Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done) },
        { Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done),
          Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done) },
        { Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.NotNeeded),
          Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.NotNeeded) },
        // The source failed (or changed) while provisioning ran: provisioning is done, the mailbox still shows the source's state.
        { Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.Pending),
          Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.Done) },
        { Progress(MailboxState.WaitingForUser, SourceStatus.Pending, DestinationStatus.Received, ProvisioningStatus.Pending),
          Progress(MailboxState.WaitingForUser, SourceStatus.Pending, DestinationStatus.Received, ProvisioningStatus.Done) },
        { Progress(MailboxState.Verifying, SourceStatus.Received, DestinationStatus.Received, ProvisioningStatus.Pending),
          Progress(MailboxState.Verifying, SourceStatus.Received, DestinationStatus.Received, ProvisioningStatus.Done) },
        { Progress(MailboxState.Purged, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending),
          Progress(MailboxState.Purged, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending) },
    };

    [Theory]
    [MemberData(nameof(SucceededRows))]
    public void A_provisioning_success_marks_provisioning_done(MailboxProgress before, MailboxProgress expected) =>
        Assert.Equal(expected, MailboxStatuses.ProvisioningSucceeded(before, Both));

    public static TheoryData<MailboxProgress, string, bool, MailboxProgress> FailedRows
    {
        get
        {
            var provisioning = Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending);
            var waitingAgain = Progress(MailboxState.WaitingForUser, SourceStatus.Verified, DestinationStatus.Pending, ProvisioningStatus.Pending);
            var failed = Progress(MailboxState.Failed, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Failed);
            var done = Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done);
            var notNeeded = Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.NotNeeded);
            var purged = provisioning with { State = MailboxState.Purged };
            var data = new TheoryData<MailboxProgress, string, bool, MailboxProgress>
            {
                // A refused password in a reception project is asked for again; entered by an operator, it fails the mailbox.
                { provisioning, ProvisioningReasons.PasswordRejected, true, waitingAgain },
                { provisioning, ProvisioningReasons.PasswordRejected, false, failed },
                // A failure after a failure (a retried request) stays failed; after a success with the same credential it changes nothing.
                { failed, ProvisioningReasons.LicenseUnavailable, false, failed },
                { done, ProvisioningReasons.InternalError, false, done },
                { done, ProvisioningReasons.PasswordRejected, true, done },
                { notNeeded, ProvisioningReasons.InternalError, false, notNeeded },
                { purged, ProvisioningReasons.InternalError, false, purged },
                { purged, ProvisioningReasons.PasswordRejected, true, purged },
                // The source failed meanwhile: provisioning's failure shows under it, and a rejected reception password is still asked again.
                { Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.Pending), ProvisioningReasons.AlreadyExists, false,
                  Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.Failed) },
                { Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.Pending), ProvisioningReasons.PasswordRejected, true,
                  Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Pending, ProvisioningStatus.Pending) },
            };
            // Every other reason fails the mailbox, reception project or not.
            foreach (var reason in new[] { ProvisioningReasons.MailboxNotFound, ProvisioningReasons.AlreadyExists, ProvisioningReasons.LicenseUnavailable,
                                           ProvisioningReasons.ConsentMissing, ProvisioningReasons.InternalError })
            {
                data.Add(provisioning, reason, true, failed);
                data.Add(provisioning, reason, false, failed);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FailedRows))]
    public void A_provisioning_failure_fails_the_mailbox_or_asks_its_user_again(MailboxProgress before, string reason, bool fromEndUser, MailboxProgress expected) =>
        Assert.Equal(expected, MailboxStatuses.ProvisioningFailed(before, Both, reason, fromEndUser));

    public static TheoryData<MailboxProgress, MailboxProgress> NewDestinationRows => new()
    {
        // A new destination password must be provisioned again, whatever provisioning did with the earlier one.
        { Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done),
          Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending) },
        { Progress(MailboxState.Failed, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Failed),
          Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending) },
        { Progress(MailboxState.WaitingForUser, SourceStatus.Verified, DestinationStatus.Pending, ProvisioningStatus.Pending),
          Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending) },
        { Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending),
          Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending) },
        // Not needed stays not needed: the mailbox is ready with its destination password alone.
        { Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.NotNeeded),
          Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.NotNeeded) },
        // The source not yet verified: the mailbox verifies first, and is provisioned after.
        { Progress(MailboxState.WaitingForUser, SourceStatus.Received, DestinationStatus.Pending, ProvisioningStatus.Pending),
          Progress(MailboxState.Verifying, SourceStatus.Received, DestinationStatus.Received, ProvisioningStatus.Pending) },
        { Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.Done),
          Progress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.Pending) },
        { Progress(MailboxState.Purged, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done),
          Progress(MailboxState.Purged, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done) },
    };

    [Theory]
    [MemberData(nameof(NewDestinationRows))]
    public void A_new_destination_password_is_provisioned_again(MailboxProgress before, MailboxProgress expected) =>
        Assert.Equal(expected, MailboxStatuses.CredentialReceived(before, isSource: false, Both));

    [Fact]
    public void A_source_verified_again_goes_back_to_provisioning_until_it_is_done_and_then_straight_to_ready()
    {
        var waiting = Progress(MailboxState.WaitingForUser, SourceStatus.Pending, DestinationStatus.Received, ProvisioningStatus.Pending);
        Assert.Equal(MailboxState.Provisioning, MailboxStatuses.SourceAccessVerified(waiting, Both).State);
        Assert.Equal(MailboxState.Ready, MailboxStatuses.SourceAccessVerified(waiting with { Provisioning = ProvisioningStatus.Done }, Both).State);
    }

    /// <summary>Every pair of states, with and without a new destination credential: the events each transition announces.</summary>
    public static TheoryData<MailboxState, MailboxState, bool> AllTransitions()
    {
        var data = new TheoryData<MailboxState, MailboxState, bool>();
        foreach (var before in Enum.GetValues<MailboxState>())
        {
            foreach (var after in Enum.GetValues<MailboxState>())
            {
                data.Add(before, after, false);
                data.Add(before, after, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllTransitions))]
    public void Each_transition_announces_what_it_changed(MailboxState before, MailboxState after, bool destinationReplaced)
    {
        var transition = MailboxStatuses.Transition(before, after, destinationReplaced);
        var entersProvisioning = before != MailboxState.Provisioning && after == MailboxState.Provisioning;
        var staysProvisioningWithNewPassword = before == MailboxState.Provisioning && after == MailboxState.Provisioning && destinationReplaced;
        Assert.Equal(entersProvisioning || staysProvisioningWithNewPassword, transition.RequestProvisioning);
        Assert.Equal(before != MailboxState.Ready && after == MailboxState.Ready, transition.BecameReady);
        Assert.Equal(before != MailboxState.Failed && after == MailboxState.Failed, transition.BecameFailed);
        Assert.Equal(before == MailboxState.Ready && after != MailboxState.Ready, transition.LeftReady);
        Assert.Equal(before != after && (before == MailboxState.Ready || after == MailboxState.Ready), transition.ChangesProjectReadiness);
    }

    [Theory]
    [InlineData(MailboxState.Verifying, MailboxState.Provisioning, false, true, false, false)]
    [InlineData(MailboxState.WaitingForUser, MailboxState.Provisioning, true, true, false, false)]
    [InlineData(MailboxState.Provisioning, MailboxState.Provisioning, true, true, false, false)]
    [InlineData(MailboxState.Provisioning, MailboxState.Provisioning, false, false, false, false)]
    [InlineData(MailboxState.Provisioning, MailboxState.Ready, false, false, true, false)]
    [InlineData(MailboxState.Verifying, MailboxState.Ready, false, false, true, false)]
    [InlineData(MailboxState.Ready, MailboxState.Ready, true, false, false, false)]
    [InlineData(MailboxState.Provisioning, MailboxState.Failed, false, false, false, true)]
    [InlineData(MailboxState.Failed, MailboxState.Failed, false, false, false, false)]
    [InlineData(MailboxState.Ready, MailboxState.Provisioning, true, true, false, false)]
    public void The_transitions_of_the_lifecycle(MailboxState before, MailboxState after, bool replaced, bool request, bool ready, bool failed) =>
        Assert.Equal((request, ready, failed), (MailboxStatuses.Transition(before, after, replaced) is var t ? (t.RequestProvisioning, t.BecameReady, t.BecameFailed) : default));

    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Earlier = Now.AddHours(-3);

    [Fact]
    public void The_project_is_announced_the_first_time_every_mailbox_is_ready() =>
        Assert.Equal((Now, true), ProjectReadiness.Next(null, everyMailboxReady: true, Now));

    [Fact]
    public void An_announced_project_is_not_announced_again_while_it_stays_ready() =>
        Assert.Equal((Earlier, false), ProjectReadiness.Next(Earlier, everyMailboxReady: true, Now));

    [Fact]
    public void A_mailbox_falling_back_clears_the_announcement() =>
        Assert.Equal(((DateTimeOffset?)null, false), ProjectReadiness.Next(Earlier, everyMailboxReady: false, Now));

    [Fact]
    public void A_project_not_ready_and_not_announced_stays_so() =>
        Assert.Equal(((DateTimeOffset?)null, false), ProjectReadiness.Next(null, everyMailboxReady: false, Now));

    [Fact]
    public void Falling_back_and_coming_back_announces_the_project_again()
    {
        var (afterFallBack, _) = ProjectReadiness.Next(Earlier, everyMailboxReady: false, Now);
        Assert.Equal((Now, true), ProjectReadiness.Next(afterFallBack, everyMailboxReady: true, Now));
    }
}
