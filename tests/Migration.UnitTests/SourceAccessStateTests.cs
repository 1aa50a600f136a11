using Migration.Contracts.Events;
using Migration.Migrations.Domain;

namespace Migration.UnitTests;

/// <summary>Issue 10's state rules: every row of the source results, the operator's re-check, and the project grant.</summary>
public sealed class SourceAccessStateTests
{
    private static readonly ProjectRequirements Password = new(SourcePassword: true, DestinationPassword: false, OutlookAssistantDownload: false, EndUserInvolved: true);
    private static readonly ProjectRequirements PasswordAndDestination = new(true, true, false, true);
    private static readonly ProjectRequirements Grant = new(SourcePassword: false, DestinationPassword: false, OutlookAssistantDownload: false, EndUserInvolved: false);

    private static MailboxProgress Progress(MailboxState state, SourceStatus source, DestinationStatus destination = DestinationStatus.NotNeeded,
        ProvisioningStatus provisioning = ProvisioningStatus.NotNeeded) => new(state, source, destination, provisioning);

    public static TheoryData<string, MailboxState, SourceStatus> FailureRows => new()
    {
        { SourceAccessReasons.PasswordChanged, MailboxState.WaitingForUser, SourceStatus.Pending },
        { SourceAccessReasons.InvalidPassword, MailboxState.Failed, SourceStatus.Failed },
        { SourceAccessReasons.AccountLocked, MailboxState.Failed, SourceStatus.Failed },
        { SourceAccessReasons.MfaRequired, MailboxState.Failed, SourceStatus.Failed },
        { SourceAccessReasons.ServerUnreachable, MailboxState.Failed, SourceStatus.Failed },
        { SourceAccessReasons.Throttled, MailboxState.Failed, SourceStatus.Failed },
        { SourceAccessReasons.MailboxNotFound, MailboxState.Failed, SourceStatus.Failed },
    };

    [Theory]
    [MemberData(nameof(FailureRows))]
    public void A_changed_password_waits_for_the_user_again_and_every_other_failure_fails_the_verified_mailbox(string reason, MailboxState state, SourceStatus source)
    {
        var verified = Progress(MailboxState.Ready, SourceStatus.Verified);
        Assert.Equal(Progress(state, source), MailboxStatuses.SourceAccessFailed(verified, Password, reason));
    }

    [Fact]
    public void A_changed_password_of_a_mailbox_that_needs_no_source_password_leaves_it_verifying() =>
        Assert.Equal(Progress(MailboxState.Verifying, SourceStatus.Pending),
            MailboxStatuses.SourceAccessFailed(Progress(MailboxState.Ready, SourceStatus.Verified), Grant, SourceAccessReasons.PasswordChanged));

    [Theory]
    [InlineData(SourceAccessReasons.PasswordChanged)]
    [InlineData(SourceAccessReasons.InvalidPassword)]
    public void A_purged_mailbox_stays_purged_whatever_the_result(string reason)
    {
        var purged = Progress(MailboxState.Purged, SourceStatus.Received);
        Assert.Equal(purged, MailboxStatuses.SourceAccessFailed(purged, Password, reason));
        Assert.Equal(purged, MailboxStatuses.SourceAccessVerified(purged, Password));
        Assert.Equal(purged, MailboxStatuses.VerificationRequested(purged, Password));
    }

    public static TheoryData<MailboxProgress, ProjectRequirements, MailboxProgress> VerifiedRows => new()
    {
        // A received password that works: ready, or provisioning first.
        { Progress(MailboxState.Verifying, SourceStatus.Received), Password, Progress(MailboxState.Ready, SourceStatus.Verified) },
        { Progress(MailboxState.Verifying, SourceStatus.Received, provisioning: ProvisioningStatus.Pending), Password,
          Progress(MailboxState.Provisioning, SourceStatus.Verified, provisioning: ProvisioningStatus.Pending) },
        // A failure cured (an operator's re-check after the server came back).
        { Progress(MailboxState.Failed, SourceStatus.Failed), Password, Progress(MailboxState.Ready, SourceStatus.Verified) },
        // The destination password is still missing: the user is still waited for.
        { Progress(MailboxState.WaitingForUser, SourceStatus.Received, DestinationStatus.Pending), PasswordAndDestination,
          Progress(MailboxState.WaitingForUser, SourceStatus.Verified, DestinationStatus.Pending) },
        // A retried provisioning goes out again once the source is verified.
        { Progress(MailboxState.Verifying, SourceStatus.Received, DestinationStatus.Received, ProvisioningStatus.Pending), PasswordAndDestination,
          Progress(MailboxState.Provisioning, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Pending) },
        // Impersonation and OAuth: the grant opened a mailbox that never had a password.
        { Progress(MailboxState.Verifying, SourceStatus.Pending), Grant, Progress(MailboxState.Ready, SourceStatus.Verified) },
    };

    [Theory]
    [MemberData(nameof(VerifiedRows))]
    public void A_verified_source_moves_the_mailbox_on(MailboxProgress current, ProjectRequirements requirements, MailboxProgress expected) =>
        Assert.Equal(expected, MailboxStatuses.SourceAccessVerified(current, requirements));

    public static TheoryData<MailboxProgress, ProjectRequirements, MailboxProgress> ReverificationRows => new()
    {
        { Progress(MailboxState.Ready, SourceStatus.Verified), Password, Progress(MailboxState.Verifying, SourceStatus.Received) },
        { Progress(MailboxState.Failed, SourceStatus.Failed), Password, Progress(MailboxState.Verifying, SourceStatus.Received) },
        { Progress(MailboxState.WaitingForUser, SourceStatus.Pending), Password, Progress(MailboxState.Verifying, SourceStatus.Received) },
        { Progress(MailboxState.Verifying, SourceStatus.Pending), Grant, Progress(MailboxState.Verifying, SourceStatus.Received) },
        { Progress(MailboxState.WaitingForUser, SourceStatus.Verified, DestinationStatus.Pending), PasswordAndDestination,
          Progress(MailboxState.WaitingForUser, SourceStatus.Received, DestinationStatus.Pending) },
        // Failed provisioning (no free licence) is to do again; done or unneeded provisioning is left as it is.
        { Progress(MailboxState.Failed, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Failed), PasswordAndDestination,
          Progress(MailboxState.Verifying, SourceStatus.Received, DestinationStatus.Received, ProvisioningStatus.Pending) },
        { Progress(MailboxState.Failed, SourceStatus.Verified, provisioning: ProvisioningStatus.Failed), Grant,
          Progress(MailboxState.Verifying, SourceStatus.Received, provisioning: ProvisioningStatus.Pending) },
        { Progress(MailboxState.Ready, SourceStatus.Verified, DestinationStatus.Received, ProvisioningStatus.Done), PasswordAndDestination,
          Progress(MailboxState.Verifying, SourceStatus.Received, DestinationStatus.Received, ProvisioningStatus.Done) },
    };

    [Theory]
    [MemberData(nameof(ReverificationRows))]
    public void A_recheck_shows_the_source_received_until_its_result(MailboxProgress current, ProjectRequirements requirements, MailboxProgress expected) =>
        Assert.Equal(expected, MailboxStatuses.VerificationRequested(current, requirements));

    [Theory]
    [InlineData(true, MailboxState.Ready, SourceAccessMethod.Password, true, false, "complete")]
    [InlineData(false, MailboxState.Purged, SourceAccessMethod.Password, true, false, "purged")]
    [InlineData(false, MailboxState.WaitingForUser, SourceAccessMethod.Password, false, false, "No source credential")]
    [InlineData(false, MailboxState.WaitingForUser, SourceAccessMethod.Password, false, true, "No source credential")]
    [InlineData(false, MailboxState.Verifying, SourceAccessMethod.Impersonation, false, false, "no source-access grant")]
    [InlineData(false, MailboxState.Verifying, SourceAccessMethod.Oauth, true, false, "no source-access grant")]
    [InlineData(false, MailboxState.Ready, SourceAccessMethod.Password, true, false, null)]
    [InlineData(false, MailboxState.Failed, SourceAccessMethod.Password, true, false, null)]
    [InlineData(false, MailboxState.Verifying, SourceAccessMethod.Impersonation, false, true, null)]
    [InlineData(false, MailboxState.Ready, SourceAccessMethod.Oauth, false, true, null)]
    public void A_recheck_needs_an_open_project_an_unpurged_mailbox_and_something_to_check(bool completed, MailboxState state, SourceAccessMethod method,
        bool hasSource, bool hasGrant, string? why)
    {
        var answer = Reverification.WhyNot(completed, state, method, hasSource, hasGrant);
        if (why is null)
        {
            Assert.Null(answer);
        }
        else
        {
            Assert.Contains(why, answer);
        }
    }

    private static readonly Guid Older = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-1));
    private static readonly Guid Newer = Guid.CreateVersion7(DateTimeOffset.UtcNow);

    [Fact]
    public void A_newer_grant_is_pending_with_no_reason_and_an_older_or_the_same_changes_nothing()
    {
        var failed = new ProjectSourceAccess(SourceAccessStatus.Failed, SourceAccessReasons.ConsentMissing, Older);
        Assert.Equal(new ProjectSourceAccess(SourceAccessStatus.Pending, null, Newer), ProjectSourceAccessRules.GrantSubmitted(failed, Newer));
        var verified = new ProjectSourceAccess(SourceAccessStatus.Verified, null, Newer);
        Assert.Equal(verified, ProjectSourceAccessRules.GrantSubmitted(verified, Older));
        Assert.Equal(verified, ProjectSourceAccessRules.GrantSubmitted(verified, Newer));
        var first = new ProjectSourceAccess(SourceAccessStatus.Pending, null, null);
        Assert.Equal(first with { GrantReference = Older }, ProjectSourceAccessRules.GrantSubmitted(first, Older));
    }

    [Fact]
    public void A_grant_check_sets_verified_or_failed_with_its_reason_unless_it_is_about_an_older_grant()
    {
        var pending = new ProjectSourceAccess(SourceAccessStatus.Pending, null, Newer);
        Assert.Equal(new ProjectSourceAccess(SourceAccessStatus.Verified, null, Newer), ProjectSourceAccessRules.GrantChecked(pending, Newer, null));
        Assert.Equal(new ProjectSourceAccess(SourceAccessStatus.Failed, SourceAccessReasons.InsufficientScope, Newer),
            ProjectSourceAccessRules.GrantChecked(pending, Newer, SourceAccessReasons.InsufficientScope));
        Assert.Equal(pending, ProjectSourceAccessRules.GrantChecked(pending, Older, null));
        // Its check came before its submission: the grant it is about is current, and the late submission is no news.
        var unknown = new ProjectSourceAccess(SourceAccessStatus.Pending, null, null);
        var checkedFirst = ProjectSourceAccessRules.GrantChecked(unknown, Newer, SourceAccessReasons.ImpersonationDenied);
        Assert.Equal(new ProjectSourceAccess(SourceAccessStatus.Failed, SourceAccessReasons.ImpersonationDenied, Newer), checkedFirst);
        Assert.Equal(checkedFirst, ProjectSourceAccessRules.GrantSubmitted(checkedFirst, Newer));
    }

    [Fact]
    public void A_project_with_password_access_never_shows_a_grant()
    {
        var notNeeded = new ProjectSourceAccess(SourceAccessStatus.NotNeeded, null, null);
        Assert.Equal(notNeeded, ProjectSourceAccessRules.GrantSubmitted(notNeeded, Newer));
        Assert.Equal(notNeeded, ProjectSourceAccessRules.GrantChecked(notNeeded, Newer, null));
    }
}
