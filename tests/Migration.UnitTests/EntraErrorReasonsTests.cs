using Migration.Contracts.Events;
using Migration.SourceAccess.Verification.Office365;

namespace Migration.UnitTests;

public sealed class EntraErrorReasonsTests
{
    [Theory]
    [InlineData(50126, SourceAccessReasons.InvalidPassword)]
    [InlineData(50076, SourceAccessReasons.MfaRequired)]
    [InlineData(50079, SourceAccessReasons.MfaRequired)]
    [InlineData(50053, SourceAccessReasons.AccountLocked)]
    [InlineData(50055, SourceAccessReasons.PasswordExpired)]
    [InlineData(50034, SourceAccessReasons.MailboxNotFound)]
    [InlineData(50057, SourceAccessReasons.AccountDisabled)]
    [InlineData(65001, SourceAccessReasons.ConsentMissing)]
    [InlineData(90002, SourceAccessReasons.InternalError)]
    public void The_password_grants_AADSTS_codes_are_the_issues_reasons(long code, string reason) =>
        Assert.Equal(reason, EntraErrorReasons.ForPasswordGrant([code]));

    [Theory]
    [InlineData(7000215, SourceAccessReasons.InvalidPassword)]
    [InlineData(7000222, SourceAccessReasons.InvalidPassword)]
    [InlineData(700016, SourceAccessReasons.InvalidPassword)]
    [InlineData(65001, SourceAccessReasons.ConsentMissing)]
    [InlineData(50126, SourceAccessReasons.InternalError)]
    public void A_client_credentials_refusal_of_the_apps_secret_or_identity_is_invalidPassword(long code, string reason) =>
        Assert.Equal(reason, EntraErrorReasons.ForClientCredentials([code]));

    [Fact]
    public void The_first_known_code_of_several_decides() =>
        Assert.Equal(SourceAccessReasons.MfaRequired, EntraErrorReasons.ForPasswordGrant([16000, 50076, 50126]));

    [Fact]
    public void No_code_at_all_is_internalError() =>
        Assert.Equal(SourceAccessReasons.InternalError, EntraErrorReasons.ForPasswordGrant([]));
}
