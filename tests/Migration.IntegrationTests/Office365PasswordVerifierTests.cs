using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;
using Migration.SourceAccess.Verification;

namespace Migration.IntegrationTests;

/// <summary>
/// Office 365 with the user's password: one resource-owner password grant at the Entra peer, Entra's AADSTS refusals
/// as reasons, then <c>/me/mailFolders/inbox</c> at the Graph peer with the delegated token.
/// </summary>
public sealed class Office365PasswordVerifierTests(PlatformFixture platform) : IDisposable
{
    private readonly MicrosoftVerifierHarness _harness = new(platform.Peers);
    private readonly EntraPeerClient _entra = platform.Peers.Entra;
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _domain = $"p{Guid.NewGuid():N}.test";

    private string Address(string user) => $"{user}@{_domain}";

    private Task<VerificationOutcome> VerifyAsync(string mailbox, string password, MicrosoftVerifierHarness? harness = null) =>
        (harness ?? _harness).For(SourceKind.Office365, AccessMethod.Password).VerifyAsync(
            new VerificationRequest(new SourceSettings { Kind = SourceKind.Office365, Method = AccessMethod.Password, TenantId = _tenant },
                mailbox, new SourceSecret(null, password)),
            TestContext.Current.CancellationToken);

    private async Task<EntraTokenRequest> OnlyTokenRequestOfAsync(string upn) =>
        Assert.Single(await _entra.TokenRequestsAsync(), r => r.Username == upn);

    [Fact]
    public async Task The_right_password_reads_the_users_own_inbox()
    {
        await _entra.AddAsync(new EntraUser(Address("uma"), "Uma-Pass-1"));

        var outcome = await VerifyAsync(Address("uma"), "Uma-Pass-1");

        Assert.True(outcome.IsVerified, outcome.FailureReason);
        var token = await OnlyTokenRequestOfAsync(Address("uma"));
        Assert.Equal("password", token.GrantType);
        Assert.Equal(PeerDemo.PublicClientId, token.ClientId);
    }

    [Fact]
    public async Task A_wrong_password_is_invalidPassword_after_one_sign_in()
    {
        await _entra.AddAsync(new EntraUser(Address("vera"), "Vera-Pass-1"));

        Assert.Equal(SourceAccessReasons.InvalidPassword, (await VerifyAsync(Address("vera"), "Wrong-1")).FailureReason);
        Assert.Equal(50126, (await OnlyTokenRequestOfAsync(Address("vera"))).ErrorCode);
    }

    [Fact]
    public async Task A_password_changed_at_the_source_is_refused_afterwards()
    {
        await _entra.AddAsync(new EntraUser(Address("walt"), "Old-Pass-1"));
        Assert.True((await VerifyAsync(Address("walt"), "Old-Pass-1")).IsVerified);

        await _entra.ChangePasswordAsync(Address("walt"), "New-Pass-1");

        Assert.Equal(SourceAccessReasons.InvalidPassword, (await VerifyAsync(Address("walt"), "Old-Pass-1")).FailureReason);
        Assert.True((await VerifyAsync(Address("walt"), "New-Pass-1")).IsVerified);
    }

    [Theory]
    [InlineData("mfa", 50076, "mfaRequired")]
    [InlineData("mfa-enrol", 50079, "mfaRequired")]
    [InlineData("locked", 50053, "accountLocked")]
    [InlineData("expired", 50055, "passwordExpired")]
    [InlineData("disabled", 50057, "accountDisabled")]
    public async Task Each_refusal_of_entra_is_its_reason(string kind, int code, string reason)
    {
        var user = new EntraUser(Address(kind), "Pass-1", MfaRequired: kind == "mfa", MfaRegistrationRequired: kind == "mfa-enrol",
            Locked: kind == "locked", PasswordExpired: kind == "expired", Disabled: kind == "disabled");
        await _entra.AddAsync(user);

        Assert.Equal(reason, (await VerifyAsync(user.Upn, "Pass-1")).FailureReason);
        Assert.Equal(code, (await OnlyTokenRequestOfAsync(user.Upn)).ErrorCode);
    }

    [Fact]
    public async Task A_user_unknown_to_the_directory_is_mailboxNotFound()
    {
        Assert.Equal(SourceAccessReasons.MailboxNotFound, (await VerifyAsync(Address("nobody"), "Pass-1")).FailureReason);
        Assert.Equal(50034, (await OnlyTokenRequestOfAsync(Address("nobody"))).ErrorCode);
    }

    [Fact]
    public async Task A_user_without_a_mailbox_signs_in_but_is_mailboxNotFound()
    {
        await _entra.AddAsync(new EntraUser(Address("xena"), "Xena-Pass-1", HasMailbox: false));

        Assert.Equal(SourceAccessReasons.MailboxNotFound, (await VerifyAsync(Address("xena"), "Xena-Pass-1")).FailureReason);
        Assert.Null((await OnlyTokenRequestOfAsync(Address("xena"))).ErrorCode);
    }

    [Fact]
    public async Task A_public_client_the_tenant_has_not_consented_to_is_consentMissing()
    {
        var clientId = Guid.NewGuid().ToString();
        await _entra.RegisterAsync(new EntraApp(clientId, IsPublicClient: true, AdminConsented: false));
        await _entra.AddAsync(new EntraUser(Address("yves"), "Yves-Pass-1"));
        using var harness = new MicrosoftVerifierHarness(platform.Peers, publicClientId: clientId);

        Assert.Equal(SourceAccessReasons.ConsentMissing, (await VerifyAsync(Address("yves"), "Yves-Pass-1", harness)).FailureReason);
        Assert.Equal(65001, (await OnlyTokenRequestOfAsync(Address("yves"))).ErrorCode);
    }

    [Theory]
    [InlineData(429, 4, "throttled")]
    [InlineData(503, 4, "throttled")]
    [InlineData(503, null, "serverUnreachable")]
    public async Task Entra_throttling_or_unavailable_is_a_fault_that_may_pass(int status, int? retryAfterSeconds, string reason)
    {
        await _entra.AddAsync(new EntraUser(Address("zoe"), "Zoe-Pass-1"));
        await _entra.FailNextAsync(status, count: 1, retryAfterSeconds, user: Address("zoe"));

        var unavailable = await Assert.ThrowsAsync<SourceUnavailableException>(() => VerifyAsync(Address("zoe"), "Zoe-Pass-1"));

        Assert.Equal(reason, unavailable.Reason);
        Assert.Equal(retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, unavailable.RetryAfter);
        Assert.True((await VerifyAsync(Address("zoe"), "Zoe-Pass-1")).IsVerified);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _entra.Dispose();
    }
}
