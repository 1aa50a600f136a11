using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;
using Migration.IntegrationTests.Peers;
using Migration.ProtocolPeers.Google;
using Migration.SourceAccess.Verification;
using Migration.SourceAccess.Verification.Google;

namespace Migration.IntegrationTests;

/// <summary>
/// The Google check against the Google peer over HTTP: a delegated Gmail read-only token as the user, then the user's
/// Gmail profile; every refusal Google can give, and faults that may pass.
/// </summary>
public sealed class GoogleVerifierTests(GooglePeerHost google) : IClassFixture<GooglePeerHost>
{
    private const string Domain = "google-tests.example.test";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ServiceProvider Services(Uri? tokenUrl = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SourceEndpointOptions>().Configure(o =>
        {
            o.GoogleTokenUrl = tokenUrl ?? google.TokenUrl;
            o.GmailBaseUrl = google.GmailBaseUrl;
        });
        services.AddOptions<VerificationRetryOptions>().Configure(o =>
        {
            o.MaxRetries = 2;
            o.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.MaxDelay = TimeSpan.FromSeconds(2);
        });
        services.AddSourceHttpClient();
        services.AddGoogleVerifier();
        services.AddSingleton<ResilientVerifier>();
        return services.BuildServiceProvider();
    }

    private static VerificationRequest Request(string mailbox, string json) => new(
        new SourceSettings { Kind = SourceKind.Google, Method = AccessMethod.Oauth, GoogleDomain = Domain }, mailbox, new SourceSecret(null, json));

    private static string NewUser(string name) => $"{name}.{Guid.NewGuid().ToString("N")[..8]}@{Domain}";

    private async Task<(TestServiceAccount Account, string User)> DelegatedAsync(string name, params string[] scopes)
    {
        using var admin = google.Admin;
        var account = TestServiceAccount.Create($"{name}-{Guid.NewGuid().ToString("N")[..6]}");
        await admin.RegisterAsync(account);
        if (scopes.Length > 0)
        {
            await admin.DelegateAsync(account.ClientId, scopes);
        }
        var user = NewUser(name);
        await admin.AddUserAsync(new GoogleUser(user, MessagesTotal: 3, ThreadsTotal: 2));
        return (account, user);
    }

    private async Task<VerificationOutcome> VerifyAsync(VerificationRequest request)
    {
        using var services = Services();
        return await services.GetServices<ISourceVerifier>().OfType<GoogleVerifier>().Single().VerifyAsync(request, Cancel);
    }

    [Fact]
    public async Task A_delegated_service_account_reads_the_users_Gmail_profile_through_the_configured_token_url()
    {
        var (account, user) = await DelegatedAsync("verified", GoogleVerifier.GmailReadonlyScope);

        var outcome = await VerifyAsync(Request(user, account.Json));

        Assert.True(outcome.IsVerified, outcome.FailureReason);
        using var admin = google.Admin;
        var token = Assert.Single(await admin.TokenRequestsAsync(), r => r.Subject == user);
        Assert.Equal((account.ClientEmail, GoogleVerifier.GmailReadonlyScope, 200), (token.Issuer, token.Scope, token.Status));
        Assert.Equal(200, Assert.Single(await admin.GmailRequestsAsync(), r => r.Subject == user).Status);
    }

    [Fact]
    public async Task A_client_without_domain_wide_delegation_is_consentMissing()
    {
        var (account, user) = await DelegatedAsync("undelegated");

        Assert.Equal(SourceAccessReasons.ConsentMissing, (await VerifyAsync(Request(user, account.Json))).FailureReason);
    }

    [Fact]
    public async Task A_client_delegated_only_other_scopes_is_consentMissing_too_because_Google_answers_the_same()
    {
        var (account, user) = await DelegatedAsync("otherscope", "https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/calendar");

        Assert.Equal(SourceAccessReasons.ConsentMissing, (await VerifyAsync(Request(user, account.Json))).FailureReason);
        using var admin = google.Admin;
        Assert.Equal("unauthorized_client", Assert.Single(await admin.TokenRequestsAsync(), r => r.Subject == user).Error);
    }

    [Fact]
    public async Task A_user_unknown_to_the_domain_is_mailboxNotFound()
    {
        var (account, _) = await DelegatedAsync("unknownuser", GoogleVerifier.GmailReadonlyScope);

        Assert.Equal(SourceAccessReasons.MailboxNotFound, (await VerifyAsync(Request(NewUser("nobody"), account.Json))).FailureReason);
    }

    [Fact]
    public async Task A_user_without_the_Gmail_service_is_mailboxNotFound()
    {
        var (account, _) = await DelegatedAsync("nogmail", GoogleVerifier.GmailReadonlyScope);
        var user = NewUser("nogmail");
        using (var admin = google.Admin)
        {
            await admin.AddUserAsync(new GoogleUser(user, GmailEnabled: false));
        }

        Assert.Equal(SourceAccessReasons.MailboxNotFound, (await VerifyAsync(Request(user, account.Json))).FailureReason);
    }

    [Fact]
    public async Task A_key_that_is_not_the_registered_one_is_invalidPassword_with_Googles_invalid_signature_answer()
    {
        var (account, user) = await DelegatedAsync("wrongkey", GoogleVerifier.GmailReadonlyScope);
        var other = TestServiceAccount.Create("other");
        var forged = account with { PrivateKeyPem = other.PrivateKeyPem };

        Assert.Equal(SourceAccessReasons.InvalidPassword, (await VerifyAsync(Request(user, forged.Json))).FailureReason);
        using var admin = google.Admin;
        Assert.Equal((400, "invalid_grant"), (await admin.TokenRequestsAsync()).Where(r => r.Subject == user).Select(r => (r.Status, r.Error)).Single());
    }

    [Fact]
    public async Task A_service_account_Google_does_not_know_is_invalidPassword()
    {
        var unknown = TestServiceAccount.Create($"unknown-{Guid.NewGuid().ToString("N")[..6]}");

        Assert.Equal(SourceAccessReasons.InvalidPassword, (await VerifyAsync(Request(NewUser("any"), unknown.Json))).FailureReason);
    }

    [Fact]
    public async Task A_grant_that_is_not_a_service_account_key_is_invalidPassword_without_asking_Google()
    {
        var user = NewUser("notjson");

        Assert.Equal(SourceAccessReasons.InvalidPassword, (await VerifyAsync(Request(user, "{\"type\":\"authorized_user\"}"))).FailureReason);
        Assert.Equal(SourceAccessReasons.InvalidPassword, (await VerifyAsync(Request(user, "not json"))).FailureReason);
        using var admin = google.Admin;
        Assert.DoesNotContain(await admin.TokenRequestsAsync(), r => r.Subject == user);
    }

    [Fact]
    public async Task An_overloaded_token_endpoint_is_thrown_as_unavailable_with_its_Retry_After_after_one_request()
    {
        var (account, user) = await DelegatedAsync("tokenbusy", GoogleVerifier.GmailReadonlyScope);
        using var admin = google.Admin;
        var before = (await admin.TokenRequestsAsync()).Count;
        await admin.InjectTokenFaultAsync(new GoogleFault(503, Count: 1, RetryAfterSeconds: 7));

        var fault = await Assert.ThrowsAsync<SourceUnavailableException>(() => VerifyAsync(Request(user, account.Json)));

        Assert.Equal((SourceAccessReasons.ServerUnreachable, TimeSpan.FromSeconds(7)), (fault.Reason, fault.RetryAfter));
        Assert.Equal(before + 1, (await admin.TokenRequestsAsync()).Count);
    }

    [Fact]
    public async Task A_throttling_Gmail_API_is_thrown_as_throttled_with_its_Retry_After()
    {
        var (account, user) = await DelegatedAsync("gmailbusy", GoogleVerifier.GmailReadonlyScope);
        using (var admin = google.Admin)
        {
            await admin.InjectGmailFaultAsync(new GoogleFault(429, Count: 1, RetryAfterSeconds: 3));
        }

        var fault = await Assert.ThrowsAsync<SourceUnavailableException>(() => VerifyAsync(Request(user, account.Json)));

        Assert.Equal((SourceAccessReasons.Throttled, TimeSpan.FromSeconds(3)), (fault.Reason, fault.RetryAfter));
    }

    [Fact]
    public async Task Faults_that_pass_are_retried_by_the_resilient_verifier_until_the_check_succeeds()
    {
        var (account, user) = await DelegatedAsync("retried", GoogleVerifier.GmailReadonlyScope);
        using (var admin = google.Admin)
        {
            await admin.InjectGmailFaultAsync(new GoogleFault(503, Count: 2, RetryAfterSeconds: 1));
        }
        using var services = Services();

        var outcome = await services.GetRequiredService<ResilientVerifier>().VerifyAsync(Request(user, account.Json), Cancel);

        Assert.True(outcome.IsVerified, outcome.FailureReason);
    }

    [Fact]
    public async Task A_token_endpoint_where_nothing_listens_ends_as_serverUnreachable_after_the_bounded_retries()
    {
        var (account, user) = await DelegatedAsync("closed", GoogleVerifier.GmailReadonlyScope);
        var closed = new Uri($"http://127.0.0.1:{Migration.AppHost.Infrastructure.StateDirectory.FreeTcpPort()}/token");
        using var services = Services(closed);

        var outcome = await services.GetRequiredService<ResilientVerifier>().VerifyAsync(Request(user, account.Json), Cancel);

        Assert.Equal(SourceAccessReasons.ServerUnreachable, outcome.FailureReason);
    }

    [Fact]
    public async Task The_demo_service_account_of_a_local_run_opens_the_demo_users_mailbox()
    {
        using var admin = google.Admin;
        var json = await admin.DemoServiceAccountJsonAsync();

        var outcome = await VerifyAsync(new VerificationRequest(
            new SourceSettings { Kind = SourceKind.Google, Method = AccessMethod.Oauth, GoogleDomain = GoogleDemo.Domain },
            $"alice@{GoogleDemo.Domain}", new SourceSecret(null, json)));

        Assert.True(outcome.IsVerified, outcome.FailureReason);
    }
}
