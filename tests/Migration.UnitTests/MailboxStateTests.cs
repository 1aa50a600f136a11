using Migration.Contracts.Events;
using Migration.Migrations.Domain;

namespace Migration.UnitTests;

public sealed class MailboxStateTests
{
    private static readonly ProjectRequirements Both = new(SourcePassword: true, DestinationPassword: true, OutlookAssistantDownload: false, EndUserInvolved: true);
    private static readonly ProjectRequirements DestinationOnly = new(false, true, false, true);

    private static MailboxProgress Waiting(ProvisioningStatus provisioning = ProvisioningStatus.NotNeeded) =>
        new(MailboxState.WaitingForUser, SourceStatus.Pending, DestinationStatus.Pending, provisioning);

    [Fact]
    public void One_of_two_needed_credentials_keeps_the_mailbox_waiting_and_the_second_moves_it_to_verifying()
    {
        var afterSource = MailboxStatuses.CredentialReceived(Waiting(), isSource: true, Both);
        Assert.Equal(new MailboxProgress(MailboxState.WaitingForUser, SourceStatus.Received, DestinationStatus.Pending, ProvisioningStatus.NotNeeded), afterSource);
        var afterBoth = MailboxStatuses.CredentialReceived(afterSource, isSource: false, Both);
        Assert.Equal(MailboxState.Verifying, afterBoth.State);
        Assert.Equal(DestinationStatus.Received, afterBoth.Destination);
    }

    [Fact]
    public void The_order_of_arrival_does_not_matter()
    {
        var destinationFirst = MailboxStatuses.CredentialReceived(MailboxStatuses.CredentialReceived(Waiting(), false, Both), true, Both);
        var sourceFirst = MailboxStatuses.CredentialReceived(MailboxStatuses.CredentialReceived(Waiting(), true, Both), false, Both);
        Assert.Equal(sourceFirst, destinationFirst);
    }

    [Fact]
    public void With_impersonation_the_destination_password_alone_moves_the_mailbox_to_verifying() =>
        Assert.Equal(MailboxState.Verifying, MailboxStatuses.CredentialReceived(Waiting(), isSource: false, DestinationOnly).State);

    [Fact]
    public void A_new_source_password_after_a_failure_is_verified_again()
    {
        var failed = new MailboxProgress(MailboxState.Failed, SourceStatus.Failed, DestinationStatus.Received, ProvisioningStatus.NotNeeded);
        var retried = MailboxStatuses.CredentialReceived(failed, isSource: true, Both);
        Assert.Equal((MailboxState.Verifying, SourceStatus.Received), (retried.State, retried.Source));
    }

    [Fact]
    public void A_source_check_failure_fails_the_mailbox_whatever_else_it_has()
    {
        var verifying = new MailboxProgress(MailboxState.Verifying, SourceStatus.Received, DestinationStatus.Received, ProvisioningStatus.Pending);
        Assert.Equal(verifying with { State = MailboxState.Failed, Source = SourceStatus.Failed }, MailboxStatuses.SourceAccessFailed(verifying, Both, SourceAccessReasons.InvalidPassword));
        var purged = verifying with { State = MailboxState.Purged };
        Assert.Equal(purged, MailboxStatuses.SourceAccessFailed(purged, Both, SourceAccessReasons.InvalidPassword));
    }

    [Fact]
    public void A_purged_mailbox_stays_purged()
    {
        var purged = Waiting() with { State = MailboxState.Purged };
        Assert.Equal(purged, MailboxStatuses.CredentialReceived(purged, isSource: true, Both));
    }

    [Theory]
    [InlineData(SourceStatus.Verified, ProvisioningStatus.Pending, MailboxState.Provisioning)]
    [InlineData(SourceStatus.Verified, ProvisioningStatus.Done, MailboxState.Ready)]
    [InlineData(SourceStatus.Verified, ProvisioningStatus.NotNeeded, MailboxState.Ready)]
    [InlineData(SourceStatus.Verified, ProvisioningStatus.Failed, MailboxState.Failed)]
    [InlineData(SourceStatus.Failed, ProvisioningStatus.Pending, MailboxState.Failed)]
    [InlineData(SourceStatus.Received, ProvisioningStatus.Pending, MailboxState.Verifying)]
    public void Once_credentials_are_in_verification_then_provisioning_decide(SourceStatus source, ProvisioningStatus provisioning, MailboxState expected) =>
        Assert.Equal(expected, MailboxStatuses.DeriveState(new MailboxProgress(MailboxState.Verifying, source, DestinationStatus.Received, provisioning), Both));
}
