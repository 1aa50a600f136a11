using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;
using Migration.SourceAccess.Verification;

namespace Migration.IntegrationTests;

/// <summary>
/// Office 365 by the project's app: a client-credentials token from the Entra peer (through Azure.Identity), then the
/// user's inbox folder from the Graph peer, which checks the token's signature, audience, lifetime and roles.
/// </summary>
public sealed class Office365AppOnlyVerifierTests(PlatformFixture platform) : IDisposable
{
    private readonly MicrosoftVerifierHarness _harness = new(platform.Peers);
    private readonly EntraPeerClient _entra = platform.Peers.Entra;
    private readonly GraphPeerClient _graph = platform.Peers.Graph;
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _domain = $"o{Guid.NewGuid():N}.test";
    private readonly string _clientId = Guid.NewGuid().ToString();

    private string Address(string user) => $"{user}@{_domain}";

    private VerificationRequest Request(string mailbox, string secret, string? clientId = null) =>
        new(new SourceSettings { Kind = SourceKind.Office365, Method = AccessMethod.Impersonation, TenantId = _tenant },
            mailbox, new SourceSecret(clientId ?? _clientId, secret));

    private Task<VerificationOutcome> VerifyAsync(VerificationRequest request) =>
        _harness.For(SourceKind.Office365, AccessMethod.Impersonation).VerifyAsync(request, TestContext.Current.CancellationToken);

    private async Task RegisterAppAsync(string[]? permissions = null, bool consented = true) =>
        await _entra.RegisterAsync(new EntraApp(_clientId, "App-Secret-1", permissions ?? ["Mail.Read"], consented));

    private async Task<IReadOnlyList<EntraTokenRequest>> TokenRequestsAsync() =>
        [.. (await _entra.TokenRequestsAsync()).Where(r => r.ClientId == _clientId)];

    [Fact]
    public async Task A_consented_app_reads_the_users_inbox_and_its_token_serves_the_next_checks()
    {
        await RegisterAppAsync();
        await _entra.AddAsync(new EntraUser(Address("lena"), "unused-1"));
        await _entra.AddAsync(new EntraUser(Address("max"), "unused-1"));

        Assert.True((await VerifyAsync(Request(Address("lena"), "App-Secret-1"))).IsVerified);
        Assert.True((await VerifyAsync(Request(Address("max"), "App-Secret-1"))).IsVerified);

        var token = Assert.Single(await TokenRequestsAsync());
        Assert.Equal("client_credentials", token.GrantType);
        Assert.Null(token.ErrorCode);
        Assert.Contains(await _graph.RequestsAsync(), r => r.User == Address("max") && r.Status == 200);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_invalidPassword_after_one_token_request()
    {
        await RegisterAppAsync();
        await _entra.AddAsync(new EntraUser(Address("nina"), "unused-1"));

        var outcome = await VerifyAsync(Request(Address("nina"), "Wrong-Secret"));

        Assert.Equal(SourceAccessReasons.InvalidPassword, outcome.FailureReason);
        Assert.Equal(7000215, Assert.Single(await TokenRequestsAsync()).ErrorCode);
    }

    [Fact]
    public async Task An_app_unknown_in_the_tenant_is_invalidPassword()
    {
        await _entra.AddAsync(new EntraUser(Address("otto"), "unused-1"));

        var outcome = await VerifyAsync(Request(Address("otto"), "Any-Secret"));

        Assert.Equal(SourceAccessReasons.InvalidPassword, outcome.FailureReason);
        Assert.Equal(700016, Assert.Single(await TokenRequestsAsync()).ErrorCode);
    }

    [Fact]
    public async Task An_app_without_admin_consent_is_consentMissing()
    {
        await RegisterAppAsync(consented: false);
        await _entra.AddAsync(new EntraUser(Address("pia"), "unused-1"));

        var outcome = await VerifyAsync(Request(Address("pia"), "App-Secret-1"));

        Assert.Equal(SourceAccessReasons.ConsentMissing, outcome.FailureReason);
        Assert.Contains(await _graph.RequestsAsync(), r => r.User == Address("pia") && r.Status == 403);
    }

    [Fact]
    public async Task An_app_granted_no_mail_permission_is_consentMissing()
    {
        await RegisterAppAsync(permissions: ["User.Read.All"]);
        await _entra.AddAsync(new EntraUser(Address("quinn"), "unused-1"));

        var outcome = await VerifyAsync(Request(Address("quinn"), "App-Secret-1"));

        Assert.Equal(SourceAccessReasons.ConsentMissing, outcome.FailureReason);
    }

    [Fact]
    public async Task An_unknown_user_and_a_user_without_a_mailbox_are_mailboxNotFound()
    {
        await RegisterAppAsync();
        await _entra.AddAsync(new EntraUser(Address("unlicensed"), "unused-1", HasMailbox: false));

        Assert.Equal(SourceAccessReasons.MailboxNotFound, (await VerifyAsync(Request(Address("nobody"), "App-Secret-1"))).FailureReason);
        Assert.Equal(SourceAccessReasons.MailboxNotFound, (await VerifyAsync(Request(Address("unlicensed"), "App-Secret-1"))).FailureReason);
    }

    [Fact]
    public async Task Throttling_by_graph_is_retried_after_its_Retry_After_and_then_verified()
    {
        await RegisterAppAsync();
        await _entra.AddAsync(new EntraUser(Address("rosa"), "unused-1"));
        await _graph.FailNextAsync(429, count: 1, retryAfterSeconds: 2, user: Address("rosa"));

        var outcome = await _harness.Resilient.VerifyAsync(Request(Address("rosa"), "App-Secret-1"), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsVerified, outcome.FailureReason);
        var requests = (await _graph.RequestsAsync()).Where(r => r.User == Address("rosa")).ToArray();
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(2), $"retried after {requests[1].At - requests[0].At}");
        Assert.Single(await TokenRequestsAsync());
    }

    [Fact]
    public async Task Graph_unavailable_without_Retry_After_is_serverUnreachable_once_the_retries_run_out()
    {
        await RegisterAppAsync();
        await _entra.AddAsync(new EntraUser(Address("sven"), "unused-1"));
        await _graph.FailNextAsync(503, count: 4, user: Address("sven"));

        var outcome = await _harness.Resilient.VerifyAsync(Request(Address("sven"), "App-Secret-1"), TestContext.Current.CancellationToken);

        Assert.Equal(SourceAccessReasons.ServerUnreachable, outcome.FailureReason);
        Assert.Equal(4, (await _graph.RequestsAsync()).Count(r => r.User == Address("sven") && r.Status == 503));
    }

    [Fact]
    public async Task An_authority_where_nothing_listens_is_serverUnreachable()
    {
        using var harness = new MicrosoftVerifierHarness(platform.Peers,
            entraAuthorityHost: new Uri($"https://127.0.0.1:{Migration.AppHost.Infrastructure.StateDirectory.FreeTcpPort()}/"));

        var unavailable = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            harness.For(SourceKind.Office365, AccessMethod.Impersonation).VerifyAsync(Request(Address("tom"), "App-Secret-1"), TestContext.Current.CancellationToken));

        Assert.Equal(SourceAccessReasons.ServerUnreachable, unavailable.Reason);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _entra.Dispose();
        _graph.Dispose();
    }
}
