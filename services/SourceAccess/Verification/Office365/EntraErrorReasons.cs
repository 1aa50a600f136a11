using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Office365;

/// <summary>Entra ID's AADSTS error codes (the token endpoint's <c>error_codes</c>) as the reasons of API.md.</summary>
public static class EntraErrorReasons
{
    /// <summary>The resource-owner password grant: what the user's sign-in was refused for.</summary>
    public static string ForPasswordGrant(IReadOnlyCollection<long> codes) => First(codes, code => code switch
    {
        50126 or 50056 => SourceAccessReasons.InvalidPassword,
        50076 or 50079 or 50074 or 50158 => SourceAccessReasons.MfaRequired,
        50053 => SourceAccessReasons.AccountLocked,
        50055 => SourceAccessReasons.PasswordExpired,
        50034 => SourceAccessReasons.MailboxNotFound,
        50057 => SourceAccessReasons.AccountDisabled,
        65001 => SourceAccessReasons.ConsentMissing,
        _ => null,
    });

    /// <summary>
    /// The client-credentials grant of a project's app: a wrong, expired or missing secret and an app unknown in the
    /// tenant all mean the grant's secret does not open it.
    /// </summary>
    public static string ForClientCredentials(IReadOnlyCollection<long> codes) => First(codes, code => code switch
    {
        7000215 or 7000222 or 7000218 or 700016 or 700027 => SourceAccessReasons.InvalidPassword,
        65001 or 500011 => SourceAccessReasons.ConsentMissing,
        _ => null,
    });

    private static string First(IReadOnlyCollection<long> codes, Func<long, string?> reason) =>
        codes.Select(reason).FirstOrDefault(r => r is not null) ?? SourceAccessReasons.InternalError;
}
