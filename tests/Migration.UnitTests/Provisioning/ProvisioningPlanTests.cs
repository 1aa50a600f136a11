using Migration.Contracts.Events;
using Migration.Provisioning.Graph;
using Migration.Provisioning.Jobs;

namespace Migration.UnitTests.Provisioning;

/// <summary>R7's steps: from the job row and a fresh look at the user, the next step, row by row.</summary>
public sealed class ProvisioningPlanTests
{
    private static readonly Guid Current = Guid.CreateVersion7();
    private static readonly Guid Earlier = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddDays(-1));
    private static readonly Guid Sku = Guid.NewGuid();
    private static readonly LicenseWanted Licence = new(true, Sku);

    private static JobFacts Create(Guid? createSent = null, Guid? passwordSet = null, string? sku = "ENTERPRISEPACK") =>
        new(ProvisioningAction.CreateAccount, Current, createSent, passwordSet, sku);

    private static JobFacts SetPassword(Guid? passwordSet = null) => new(ProvisioningAction.SetPassword, Current, null, passwordSet, null);

    private static DestinationUser User(string? usageLocation = "US", params Guid[] skus) => new("object-1", usageLocation, skus);

    [Fact]
    public void An_absent_user_is_created()
    {
        Assert.Equal(StepKind.CreateUser, ProvisioningPlan.Next(Create(), null, Licence).Kind);
    }

    [Fact]
    public void An_absent_user_is_created_again_when_an_earlier_create_did_not_land()
    {
        Assert.Equal(StepKind.CreateUser, ProvisioningPlan.Next(Create(createSent: Current), null, Licence).Kind);
    }

    [Fact]
    public void A_user_found_after_a_create_of_ours_with_this_credential_is_ours_and_gets_no_second_write()
    {
        var step = ProvisioningPlan.Next(Create(createSent: Current), User(), Licence);
        Assert.Equal(StepKind.RecordOwnCreation, step.Kind);
        Assert.False(step.IsWrite);
    }

    [Fact]
    public void A_user_that_existed_before_any_create_is_adopted_and_gets_the_password()
    {
        var step = ProvisioningPlan.Next(Create(), User(), Licence);
        Assert.Equal(new Step(StepKind.SetPassword), step);
    }

    [Fact]
    public void An_adopted_user_without_usage_location_gets_one_with_the_password_when_a_licence_is_to_come()
    {
        Assert.Equal(new Step(StepKind.SetPassword, WithUsageLocation: true), ProvisioningPlan.Next(Create(), User(usageLocation: null), Licence));
        Assert.Equal(new Step(StepKind.SetPassword), ProvisioningPlan.Next(Create(sku: null), User(usageLocation: null), LicenseWanted.None));
    }

    [Fact]
    public void A_user_created_with_an_older_credential_gets_the_newer_password()
    {
        Assert.Equal(StepKind.SetPassword, ProvisioningPlan.Next(Create(createSent: Earlier, passwordSet: Earlier), User(), Licence).Kind);
    }

    [Fact]
    public void With_the_password_in_place_the_licence_is_assigned()
    {
        Assert.Equal(StepKind.AssignLicense, ProvisioningPlan.Next(Create(createSent: Current, passwordSet: Current), User(), Licence).Kind);
    }

    [Fact]
    public void A_licence_the_user_has_is_not_assigned_again()
    {
        Assert.Equal(StepKind.Succeed, ProvisioningPlan.Next(Create(passwordSet: Current), User("US", Sku), Licence).Kind);
    }

    [Fact]
    public void No_licence_named_means_done_once_the_password_is_set()
    {
        Assert.Equal(StepKind.Succeed, ProvisioningPlan.Next(Create(passwordSet: Current, sku: null), User(), LicenseWanted.None).Kind);
    }

    [Fact]
    public void A_sku_the_tenant_does_not_subscribe_is_license_unavailable()
    {
        var step = ProvisioningPlan.Next(Create(passwordSet: Current), User(), LicenseWanted.Of("NOSUCHSKU", resolved: null));
        Assert.Equal(new Step(StepKind.Fail, ProvisioningReasons.LicenseUnavailable), step);
    }

    [Fact]
    public void A_user_without_usage_location_gets_one_before_its_licence()
    {
        Assert.Equal(StepKind.SetUsageLocation, ProvisioningPlan.Next(Create(passwordSet: Current), User(usageLocation: null), Licence).Kind);
    }

    [Fact]
    public void Setting_a_password_on_no_user_is_mailbox_not_found()
    {
        Assert.Equal(new Step(StepKind.Fail, ProvisioningReasons.MailboxNotFound), ProvisioningPlan.Next(SetPassword(), null, LicenseWanted.None));
    }

    [Fact]
    public void Setting_a_password_patches_once_per_credential()
    {
        Assert.Equal(StepKind.SetPassword, ProvisioningPlan.Next(SetPassword(), User(), LicenseWanted.None).Kind);
        Assert.Equal(StepKind.SetPassword, ProvisioningPlan.Next(SetPassword(passwordSet: Earlier), User(), LicenseWanted.None).Kind);
        Assert.Equal(StepKind.Succeed, ProvisioningPlan.Next(SetPassword(passwordSet: Current), User(), LicenseWanted.None).Kind);
    }

    [Theory]
    [InlineData(StepKind.CreateUser, true)]
    [InlineData(StepKind.SetPassword, true)]
    [InlineData(StepKind.SetUsageLocation, true)]
    [InlineData(StepKind.AssignLicense, true)]
    [InlineData(StepKind.RecordOwnCreation, false)]
    [InlineData(StepKind.Succeed, false)]
    [InlineData(StepKind.Fail, false)]
    public void Only_graph_writes_take_a_quota_token(StepKind kind, bool write)
    {
        Assert.Equal(write, new Step(kind).IsWrite);
    }

    [Fact]
    public void Every_path_of_a_create_ends_within_a_few_steps_with_each_write_once()
    {
        // Simulates Graph: no user, then every write as the plan asks, until it is done.
        var facts = Create();
        DestinationUser? user = null;
        var writes = new List<StepKind>();
        for (var i = 0; i < 8; i++)
        {
            var step = ProvisioningPlan.Next(facts, user, Licence);
            if (step.Kind == StepKind.Succeed)
            {
                break;
            }
            writes.Add(step.Kind);
            (facts, user) = step.Kind switch
            {
                StepKind.CreateUser => (facts with { CreateSentReference = Current, PasswordSetReference = Current }, User()),
                StepKind.AssignLicense => (facts, user! with { LicenseSkuIds = [Sku] }),
                _ => throw new InvalidOperationException(step.Kind.ToString()),
            };
        }
        Assert.Equal([StepKind.CreateUser, StepKind.AssignLicense], writes);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(10, 300)]
    [InlineData(100, 300)]
    public void Passing_faults_are_tried_again_after_doubling_delays_up_to_the_maximum(int attempts, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProvisioningPlan.RetryDelay(attempts, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5)));
    }
}
