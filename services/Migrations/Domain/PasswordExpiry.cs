namespace Migration.Migrations.Domain;

/// <summary>Rule R9: passwords that will expire before the cutover, and the seed's two remedies.</summary>
public static class PasswordExpiry
{
    public static DateOnly? ExpiresOn(DateOnly? passwordLastSet, int? maxAgeDays) =>
        passwordLastSet is { } lastSet && maxAgeDays is { } maxAge ? lastSet.AddDays(maxAge) : null;

    /// <summary>A password that expires on or before the cutover date would stop the migration before it completes.</summary>
    public static bool IsAtRisk(DateOnly? expires, DateOnly? cutoverDate) =>
        expires is { } e && cutoverDate is { } c && e <= c;

    public static IReadOnlyList<string> Recommendations(int? maxAgeDays, int mailboxesAtRisk, int mailboxesWithoutLastSet)
    {
        if (maxAgeDays is not { } maxAge || (mailboxesAtRisk == 0 && mailboxesWithoutLastSet == 0))
        {
            return [];
        }
        var recommendations = new List<string>
        {
            "Ask the customer to disable the password expiration policy until the migration is complete, and remind users not to change their passwords proactively before then.",
            $"If the policy cannot be disabled, have all users change their passwords before the migration starts and not change them again until it is complete; this works as long as the migration completes within the {maxAge}-day expiration period.",
        };
        if (mailboxesWithoutLastSet > 0)
        {
            recommendations.Add($"{mailboxesWithoutLastSet} mailbox(es) have no password-last-set date, so their expiry cannot be checked: import passwordLastSet for them.");
        }
        return recommendations;
    }
}
