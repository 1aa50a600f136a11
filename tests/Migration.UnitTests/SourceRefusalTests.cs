using Migration.Contracts.Events;
using Migration.CredentialReception.Reception;

namespace Migration.UnitTests;

/// <summary>R8: which failures ask the end user again, and what the reception page shows for each.</summary>
public sealed class SourceRefusalTests
{
    [Theory]
    [InlineData(SourceAccessReasons.InvalidPassword, true)]
    [InlineData(SourceAccessReasons.PasswordChanged, true)]
    [InlineData(SourceAccessReasons.MfaRequired, false)]
    [InlineData(SourceAccessReasons.AccountLocked, false)]
    [InlineData(SourceAccessReasons.MailboxNotFound, false)]
    [InlineData(SourceAccessReasons.ImpersonationDenied, false)]
    [InlineData(SourceAccessReasons.ConsentMissing, false)]
    [InlineData(SourceAccessReasons.InsufficientScope, false)]
    [InlineData(SourceAccessReasons.ServerUnreachable, false)]
    [InlineData(SourceAccessReasons.Throttled, false)]
    public void Only_a_refused_password_is_asked_for_again(string reason, bool askAgain) =>
        Assert.Equal(askAgain, SourceAccessReasons.CredentialRefused(reason));

    [Theory]
    [InlineData(false, false, null, "notNeeded", null)]
    [InlineData(false, false, "invalidPassword", "notNeeded", null)]
    [InlineData(true, true, null, "received", null)]
    [InlineData(true, true, "invalidPassword", "received", null)]
    [InlineData(true, false, null, "pending", null)]
    [InlineData(true, false, "passwordChanged", "failed", "passwordChanged")]
    public void The_page_shows_a_refused_password_as_failed_until_a_new_one_arrives(bool required, bool received, string? refused, string status, string? reason) =>
        Assert.Equal(new PartStatus(status, reason), EndUserViews.Status(required, received, refused));
}
