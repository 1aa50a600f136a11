using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;
using Migration.SourceAccess.Verification;

namespace Migration.IntegrationTests;

/// <summary>The Exchange verifier against the EWS peer: a GetFolder of the inbox with the user's password or by impersonation.</summary>
// The EWS peer counts the requests in progress across all callers: the classes that measure it, or load it, take turns.
[Collection(EwsPeerLoad.Name)]
public sealed class ExchangeVerifierTests(PlatformFixture platform) : IDisposable
{
    private readonly MicrosoftVerifierHarness _harness = new(platform.Peers);
    private readonly EwsPeerClient _ews = platform.Peers.Ews;
    private readonly string _domain = $"ex{Guid.NewGuid():N}.test";

    private string Address(string user) => $"{user}@{_domain}";

    private VerificationRequest Request(AccessMethod method, string mailbox, string? login, string secret, Uri? ewsUrl = null) =>
        new(new SourceSettings { Kind = SourceKind.Exchange, Method = method, EwsUrl = (ewsUrl ?? platform.Peers.EwsUrl).ToString() },
            mailbox, new SourceSecret(login, secret));

    private Task<VerificationOutcome> VerifyAsync(VerificationRequest request) =>
        _harness.For(SourceKind.Exchange, request.Source.Method).VerifyAsync(request, TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_users_own_password_opens_the_inbox_with_one_login_anchored_on_the_mailbox()
    {
        await _ews.AddAccountAsync(Address("anna"), "Right-1");

        var outcome = await VerifyAsync(Request(AccessMethod.Password, Address("anna"), null, "Right-1"));

        Assert.True(outcome.IsVerified, outcome.FailureReason);
        var login = Assert.Single(await _ews.LoginsOfAsync(Address("anna")));
        Assert.True(login.Succeeded);
        Assert.Equal(Address("anna"), login.AnchorMailbox);
        Assert.Null(login.ImpersonatedAddress);
    }

    [Fact]
    public async Task A_wrong_password_is_invalidPassword_after_exactly_one_failed_login()
    {
        await _ews.AddAccountAsync(Address("ben"), "Right-1");

        var outcome = await VerifyAsync(Request(AccessMethod.Password, Address("ben"), null, "Wrong-1"));

        Assert.Equal(SourceAccessReasons.InvalidPassword, outcome.FailureReason);
        var login = Assert.Single(await _ews.LoginsOfAsync(Address("ben")));
        Assert.False(login.Succeeded);
    }

    [Fact]
    public async Task A_password_changed_at_the_source_is_refused_afterwards_and_the_new_one_works()
    {
        await _ews.AddAccountAsync(Address("chris"), "Old-1");
        Assert.True((await VerifyAsync(Request(AccessMethod.Password, Address("chris"), null, "Old-1"))).IsVerified);

        await _ews.ChangePasswordAsync(Address("chris"), "New-1");

        Assert.Equal(SourceAccessReasons.InvalidPassword, (await VerifyAsync(Request(AccessMethod.Password, Address("chris"), null, "Old-1"))).FailureReason);
        Assert.True((await VerifyAsync(Request(AccessMethod.Password, Address("chris"), null, "New-1"))).IsVerified);
    }

    [Fact]
    public async Task An_account_without_a_mailbox_is_mailboxNotFound()
    {
        await _ews.AddAccountAsync(Address("nobox"), "Right-1", hasMailbox: false);

        var outcome = await VerifyAsync(Request(AccessMethod.Password, Address("nobox"), null, "Right-1"));

        Assert.Equal(SourceAccessReasons.MailboxNotFound, outcome.FailureReason);
    }

    [Fact]
    public async Task An_admin_with_impersonation_rights_opens_the_users_inbox_naming_and_anchoring_the_user()
    {
        await _ews.AddAccountAsync(Address("admin"), "Admin-1", hasMailbox: false);
        await _ews.AddAccountAsync(Address("dora"), "Dora-1");
        await _ews.GrantImpersonationAsync(Address("admin"), "*");

        var outcome = await VerifyAsync(Request(AccessMethod.Impersonation, Address("dora"), Address("admin"), "Admin-1"));

        Assert.True(outcome.IsVerified, outcome.FailureReason);
        var login = Assert.Single(await _ews.LoginsOfAsync(Address("admin")));
        Assert.True(login.Succeeded);
        Assert.Equal(Address("dora"), login.ImpersonatedAddress);
        Assert.Equal(Address("dora"), login.AnchorMailbox);
    }

    [Fact]
    public async Task An_admin_without_impersonation_rights_is_impersonationDenied()
    {
        await _ews.AddAccountAsync(Address("helpdesk"), "Help-1");
        await _ews.AddAccountAsync(Address("emil"), "Emil-1");
        await _ews.AddAccountAsync(Address("fay"), "Fay-1");
        await _ews.GrantImpersonationAsync(Address("helpdesk"), Address("fay"));

        var outcome = await VerifyAsync(Request(AccessMethod.Impersonation, Address("emil"), Address("helpdesk"), "Help-1"));

        Assert.Equal(SourceAccessReasons.ImpersonationDenied, outcome.FailureReason);
        Assert.True((await VerifyAsync(Request(AccessMethod.Impersonation, Address("fay"), Address("helpdesk"), "Help-1"))).IsVerified);
    }

    [Fact]
    public async Task Impersonating_an_address_without_a_mailbox_is_mailboxNotFound()
    {
        await _ews.AddAccountAsync(Address("admin"), "Admin-1", hasMailbox: false);
        await _ews.GrantImpersonationAsync(Address("admin"), "*");

        var outcome = await VerifyAsync(Request(AccessMethod.Impersonation, Address("ghost"), Address("admin"), "Admin-1"));

        Assert.Equal(SourceAccessReasons.MailboxNotFound, outcome.FailureReason);
    }

    [Fact]
    public async Task A_wrong_admin_password_is_invalidPassword()
    {
        await _ews.AddAccountAsync(Address("admin"), "Admin-1", hasMailbox: false);
        await _ews.AddAccountAsync(Address("hugo"), "Hugo-1");
        await _ews.GrantImpersonationAsync(Address("admin"), "*");

        var outcome = await VerifyAsync(Request(AccessMethod.Impersonation, Address("hugo"), Address("admin"), "Wrong-1"));

        Assert.Equal(SourceAccessReasons.InvalidPassword, outcome.FailureReason);
    }

    [Theory]
    [InlineData(503, 7, "throttled")]
    [InlineData(429, 3, "throttled")]
    [InlineData(500, 2, "throttled")]
    [InlineData(503, null, "serverUnreachable")]
    public async Task A_busy_or_unavailable_server_is_a_fault_that_may_pass_with_the_wait_it_asked_for(int status, int? retryAfterSeconds, string reason)
    {
        await _ews.AddAccountAsync(Address("ida"), "Ida-1");
        await _ews.FailNextAsync(status, count: 1, retryAfterSeconds, user: Address("ida"));

        var unavailable = await Assert.ThrowsAsync<SourceUnavailableException>(() => VerifyAsync(Request(AccessMethod.Password, Address("ida"), null, "Ida-1")));

        Assert.Equal(reason, unavailable.Reason);
        Assert.Equal(retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, unavailable.RetryAfter);
    }

    [Fact]
    public async Task A_server_that_busies_once_is_verified_by_the_retry_after_the_back_off_it_asked_for()
    {
        await _ews.AddAccountAsync(Address("jon"), "Jon-1");
        await _ews.FailNextAsync(500, count: 1, retryAfterSeconds: 1, user: Address("jon"));

        var outcome = await _harness.Resilient.VerifyAsync(Request(AccessMethod.Password, Address("jon"), null, "Jon-1"), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsVerified, outcome.FailureReason);
        var logins = await _ews.LoginsOfAsync(Address("jon"));
        Assert.Equal(2, logins.Count);
        Assert.True(logins[1].At - logins[0].At >= TimeSpan.FromSeconds(1), $"retried after {logins[1].At - logins[0].At}");
    }

    [Fact]
    public async Task A_port_where_nothing_listens_is_serverUnreachable()
    {
        var closed = new Uri($"https://127.0.0.1:{Migration.AppHost.Infrastructure.StateDirectory.FreeTcpPort()}/EWS/Exchange.asmx");

        var unavailable = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            VerifyAsync(Request(AccessMethod.Password, Address("kim"), null, "Kim-1", closed)));

        Assert.Equal(SourceAccessReasons.ServerUnreachable, unavailable.Reason);
    }

    [Fact]
    public async Task The_peer_records_the_most_requests_in_progress_at_once_until_reset()
    {
        await _ews.AddAccountAsync(Address("lou"), "Lou-1");
        await _ews.SetLatencyAsync(TimeSpan.FromMilliseconds(500));
        try
        {
            await _ews.ResetRecordsAsync();
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => VerifyAsync(Request(AccessMethod.Password, Address("lou"), null, "Lou-1"))));

            Assert.All(outcomes, o => Assert.True(o.IsVerified, o.FailureReason));
            var records = await _ews.RecordsAsync();
            // At least two of the four at once; the platform's own rechecks against the same peer may add one more.
            Assert.True(records.MaxInProgress >= 2, $"at most {records.MaxInProgress} in progress at once");
            Assert.Equal(4, records.Logins.Count(l => l.User == Address("lou") && l.Succeeded));
        }
        finally
        {
            await _ews.SetLatencyAsync(TimeSpan.Zero);
        }
        await _ews.ResetRecordsAsync();
        Assert.Empty(await _ews.LoginsOfAsync(Address("lou")));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _ews.Dispose();
    }
}
