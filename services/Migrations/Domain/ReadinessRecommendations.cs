using Migration.Contracts.Events;

namespace Migration.Migrations.Domain;

/// <summary>What the readiness report counted, as the recommendations read it.</summary>
public sealed record ReadinessFigures(
    int Total,
    int Ready,
    int WaitingForUser,
    int Failed,
    IReadOnlyDictionary<string, int> FailuresByReason,
    int ExpiryRiskTotal,
    int WithoutPasswordLastSet,
    int? MaxAgeDays,
    DateOnly? CutoverDate,
    bool EndUserInvolved);

/// <summary>
/// The readiness report's recommendations, from its figures: the expiring passwords first (R9, with the seed's two
/// remedies), then each failure reason with what to do about it, most frequent first, then mailboxes still waiting.
/// </summary>
public static class ReadinessRecommendations
{
    public static IReadOnlyList<string> For(ReadinessFigures figures)
    {
        var recommendations = new List<string>();
        if (figures.ExpiryRiskTotal > 0 && figures.CutoverDate is { } cutover)
        {
            recommendations.Add($"{figures.ExpiryRiskTotal} mailbox(es) have passwords that expire on or before the cutover date {cutover:yyyy-MM-dd}; a password that expires during the migration stops it for that mailbox.");
        }
        recommendations.AddRange(PasswordExpiry.Recommendations(figures.MaxAgeDays, figures.ExpiryRiskTotal, figures.WithoutPasswordLastSet));
        foreach (var (reason, count) in figures.FailuresByReason.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            recommendations.Add($"{count} mailbox(es) {Remedy(reason)}");
        }
        var waitingOnlyForUsers = figures.WaitingForUser - figures.FailuresByReason.GetValueOrDefault(SourceAccessReasons.PasswordChanged)
                                  - figures.FailuresByReason.GetValueOrDefault(ProvisioningReasons.PasswordRejected);
        if (waitingOnlyForUsers > 0)
        {
            recommendations.Add(figures.EndUserInvolved
                ? $"{waitingOnlyForUsers} mailbox(es) wait for their end users: send invitations (POST .../invitations), and call it again later to remind those who have not answered."
                : $"{waitingOnlyForUsers} mailbox(es) wait for credentials: enter them (PUT .../credentials/source or /destination) or upload them (POST .../credentials as CSV).");
        }
        if (figures.Total > 0 && figures.Ready == figures.Total)
        {
            recommendations.Add($"All {figures.Total} mailbox(es) are ready: the migration can start.");
        }
        return recommendations;
    }

    /// <summary>What to do about mailboxes failing for <paramref name="reason"/>, completing "N mailbox(es) ...".</summary>
    public static string Remedy(string reason) => reason switch
    {
        SourceAccessReasons.InvalidPassword => "were refused with invalidPassword: the source rejected the password given; ask the end users to enter it again (send invitations) or correct the credentials CSV.",
        SourceAccessReasons.PasswordChanged => "have passwordChanged: the password worked and was changed since; the end users were asked for the new one. Remind users not to change their passwords until the migration is complete.",
        SourceAccessReasons.MfaRequired => "have mfaRequired: the source demands multi-factor sign-in; exclude these accounts from MFA for the migration (or use an app password), or switch the project to impersonation.",
        SourceAccessReasons.AccountLocked => "have accountLocked: unlock these accounts at the source (or wait for the lockout to end), then verify them again (POST .../verify).",
        SourceAccessReasons.AccountDisabled => "have accountDisabled: enable these accounts at the source, or remove the mailboxes from the project.",
        SourceAccessReasons.PasswordExpired => "have passwordExpired: the users must change their passwords at the source and enter the new ones.",
        SourceAccessReasons.MailboxNotFound => "have mailboxNotFound: check the source addresses (and, when the platform sets passwords on existing accounts, that the destination UPNs exist) and correct the mailbox list.",
        SourceAccessReasons.ImpersonationDenied => "have impersonationDenied: give the impersonation account the ApplicationImpersonation role for these mailboxes, then set the grant again.",
        SourceAccessReasons.ConsentMissing => "have consentMissing: an administrator of the tenant must grant the platform's app admin consent (and the directory role it needs).",
        SourceAccessReasons.InsufficientScope => "have insufficientScope: grant the app (or Google domain-wide delegation) every scope the migration needs, then set the grant again.",
        SourceAccessReasons.ServerUnreachable => "have serverUnreachable: check the source host, port and firewall (the platform's addresses must be allowed), then verify them again.",
        SourceAccessReasons.Throttled => "were throttled by the source: lower source.maxConcurrency for the project; they are verified again later.",
        ProvisioningReasons.PasswordRejected => "have passwordRejected: Microsoft 365 refused the destination password (complexity: at least 8 characters of three kinds, not containing the user name); end users were asked for another one, operators must enter a stronger one.",
        ProvisioningReasons.AlreadyExists => "have alreadyExists: the destination UPN belongs to another kind of object in the tenant; rename or remove that object, or correct the destination UPN.",
        ProvisioningReasons.LicenseUnavailable => "have licenseUnavailable: the project's licence SKU is not subscribed in the destination tenant or has no free seat; buy or free seats, then enter the destination passwords again to retry.",
        SourceAccessReasons.InternalError => "have internalError: the platform could not process them; enter their credentials again, and contact support if it persists.",
        _ => $"failed with {reason}: look at these mailboxes (GET .../mailboxes?state=failed) for what to correct.",
    };
}
