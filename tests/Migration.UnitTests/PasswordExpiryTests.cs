using Migration.Migrations.Domain;

namespace Migration.UnitTests;

public sealed class PasswordExpiryTests
{
    [Fact]
    public void A_password_expires_max_age_days_after_it_was_set() =>
        Assert.Equal(new DateOnly(2026, 12, 30), PasswordExpiry.ExpiresOn(new DateOnly(2026, 10, 1), 90));

    [Theory]
    [InlineData(null, 90)]
    [InlineData("2026-10-01", null)]
    public void Without_a_last_set_date_or_a_policy_nothing_expires(string? lastSet, int? maxAge) =>
        Assert.Null(PasswordExpiry.ExpiresOn(lastSet is null ? null : DateOnly.Parse(lastSet), maxAge));

    [Theory]
    [InlineData("2027-01-14", "2027-01-15", true)]
    [InlineData("2027-01-15", "2027-01-15", true)]
    [InlineData("2027-01-16", "2027-01-15", false)]
    public void A_password_expiring_on_or_before_the_cutover_is_at_risk(string expires, string cutover, bool atRisk) =>
        Assert.Equal(atRisk, PasswordExpiry.IsAtRisk(DateOnly.Parse(expires), DateOnly.Parse(cutover)));

    [Fact]
    public void Without_a_cutover_date_nothing_is_at_risk() =>
        Assert.False(PasswordExpiry.IsAtRisk(new DateOnly(2020, 1, 1), null));

    [Fact]
    public void Risk_brings_the_seeds_two_remedies()
    {
        var recommendations = PasswordExpiry.Recommendations(90, mailboxesAtRisk: 3, mailboxesWithoutLastSet: 0);
        Assert.Equal(2, recommendations.Count);
        Assert.Contains("disable the password expiration policy", recommendations[0]);
        Assert.Contains("change their passwords before the migration starts", recommendations[1]);
        Assert.Contains("90-day", recommendations[1]);
    }

    [Fact]
    public void Unknown_last_set_dates_are_pointed_out()
    {
        var recommendations = PasswordExpiry.Recommendations(60, mailboxesAtRisk: 0, mailboxesWithoutLastSet: 7);
        Assert.Contains(recommendations, r => r.StartsWith("7 mailbox(es) have no password-last-set date", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, 5, 5)]
    [InlineData(90, 0, 0)]
    public void No_policy_or_no_risk_needs_no_remedy(int? maxAge, int atRisk, int unknown) =>
        Assert.Empty(PasswordExpiry.Recommendations(maxAge, atRisk, unknown));
}
