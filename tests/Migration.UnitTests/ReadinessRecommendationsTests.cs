using System.Reflection;
using Migration.Contracts.Events;
using Migration.Migrations.Domain;

namespace Migration.UnitTests;

public sealed class ReadinessRecommendationsTests
{
    private static ReadinessFigures Figures(int total = 10, int ready = 0, int waiting = 0, int failed = 0, Dictionary<string, int>? failures = null,
        int atRisk = 0, int withoutLastSet = 0, int? maxAge = null, DateOnly? cutover = null, bool endUsers = true) =>
        new(total, ready, waiting, failed, failures ?? [], atRisk, withoutLastSet, maxAge, cutover, endUsers);

    public static TheoryData<string> KnownReasons()
    {
        var data = new TheoryData<string>();
        foreach (var reason in new[] { typeof(SourceAccessReasons), typeof(ProvisioningReasons) }
                     .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                     .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Distinct())
        {
            data.Add(reason);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KnownReasons))]
    public void Every_known_reason_has_its_own_remedy(string reason)
    {
        var remedy = ReadinessRecommendations.Remedy(reason);
        Assert.Contains(reason, remedy);
        Assert.DoesNotContain("look at these mailboxes", remedy);
    }

    [Fact]
    public void An_unknown_reason_points_at_the_failed_mailboxes() =>
        Assert.Contains("state=failed", ReadinessRecommendations.Remedy("somethingNew"));

    [Fact]
    public void Expiring_passwords_come_first_with_the_seeds_two_remedies()
    {
        var recommendations = ReadinessRecommendations.For(Figures(atRisk: 3, maxAge: 90, cutover: new DateOnly(2027, 1, 15),
            failures: new() { ["invalidPassword"] = 1 }, failed: 1));
        Assert.StartsWith("3 mailbox(es) have passwords that expire on or before the cutover date 2027-01-15", recommendations[0]);
        Assert.Contains("disable the password expiration policy", recommendations[1]);
        Assert.Contains("change their passwords before the migration starts", recommendations[2]);
        Assert.StartsWith("1 mailbox(es) were refused with invalidPassword", recommendations[3]);
    }

    [Fact]
    public void Failures_are_listed_most_frequent_first()
    {
        var recommendations = ReadinessRecommendations.For(Figures(failed: 7, failures: new() { ["mailboxNotFound"] = 2, ["licenseUnavailable"] = 5 }));
        Assert.StartsWith("5 mailbox(es) have licenseUnavailable", recommendations[0]);
        Assert.StartsWith("2 mailbox(es) have mailboxNotFound", recommendations[1]);
    }

    [Fact]
    public void Mailboxes_waiting_for_users_get_invitations_and_those_asked_again_are_not_counted_twice()
    {
        var recommendations = ReadinessRecommendations.For(Figures(waiting: 5, failures: new() { ["passwordChanged"] = 1, ["passwordRejected"] = 1 }));
        Assert.Contains(recommendations, r => r.StartsWith("3 mailbox(es) wait for their end users: send invitations", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_end_users_waiting_mailboxes_need_credentials_entered() =>
        Assert.Contains(ReadinessRecommendations.For(Figures(waiting: 2, endUsers: false)),
            r => r.StartsWith("2 mailbox(es) wait for credentials", StringComparison.Ordinal));

    [Fact]
    public void A_ready_project_says_so() =>
        Assert.Equal(["All 4 mailbox(es) are ready: the migration can start."], ReadinessRecommendations.For(Figures(total: 4, ready: 4)));

    [Fact]
    public void An_empty_project_has_nothing_to_recommend() =>
        Assert.Empty(ReadinessRecommendations.For(Figures(total: 0)));
}
