using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;
using Migration.SourceAccess.Verification;
using Migration.SourceAccess.Verification.Imap;

namespace Migration.IntegrationTests;

/// <summary>The IMAP check against the AppHost's real Dovecot: what it proves, what each refusal means, and that it never tries twice.</summary>
public sealed class ImapVerifierTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static ImapVerifier Verifier(TimeSpan? connectTimeout = null) => new(
        Options.Create(new SourceEndpointOptions()),
        Options.Create(new ImapVerifierOptions { ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(5), CommandTimeout = TimeSpan.FromSeconds(10) }),
        NullLogger<ImapVerifier>.Instance);

    private static ResilientVerifier Resilient(ISourceVerifier verifier) => new([verifier],
        Options.Create(new VerificationRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200) }),
        TimeProvider.System);

    private VerificationRequest Request(string login, string password, int? port = null, bool useTls = false, bool nameless = false) => new(
        new SourceSettings { Kind = SourceKind.Imap, Method = AccessMethod.Password, Host = platform.Dovecot.Host, Port = port ?? platform.Dovecot.Port, UseTls = useTls },
        login, new SourceSecret(nameless ? null : login, password));

    private static string NewLogin(string name) => $"{name}.{Guid.NewGuid().ToString("N")[..8]}@imap.example.test";

    [Fact]
    public async Task The_right_password_opens_the_inbox_read_only_and_logs_out()
    {
        var login = NewLogin("right");
        await platform.Dovecot.AddUserAsync(login, "Right-Passw0rd");
        var mark = platform.Dovecot.Mark();

        var outcome = await Verifier().VerifyAsync(Request(login, "Right-Passw0rd", nameless: true), Cancel);

        Assert.True(outcome.IsVerified, outcome.FailureReason);
        Assert.Equal(1, platform.Dovecot.SuccessfulLogins(login, mark));
        Assert.Equal(0, platform.Dovecot.FailedLogins(login, mark));
    }

    [Fact]
    public async Task A_wrong_password_is_invalidPassword_after_exactly_one_failed_login_at_the_server()
    {
        var login = NewLogin("wrong");
        await platform.Dovecot.AddUserAsync(login, "Right-Passw0rd");
        var mark = platform.Dovecot.Mark();

        var outcome = await Verifier().VerifyAsync(Request(login, "Mistyped-Passw0rd"), Cancel);

        Assert.Equal(SourceAccessReasons.InvalidPassword, outcome.FailureReason);
        await Eventually.WaitForAsync(() => Task.FromResult(platform.Dovecot.FailedLogins(login, mark)), n => n >= 1, "Dovecot logging the failed login");
        // Dovecot offers PLAIN and LOGIN: a client trying each mechanism, then the LOGIN command, would show three.
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        Assert.Equal(1, platform.Dovecot.FailedLogins(login, mark));
    }

    [Fact]
    public async Task An_unknown_user_is_invalidPassword_because_an_IMAP_server_does_not_say_which_was_wrong()
    {
        var outcome = await Verifier().VerifyAsync(Request(NewLogin("nobody"), "Any-Passw0rd"), Cancel);

        Assert.Equal(SourceAccessReasons.InvalidPassword, outcome.FailureReason);
    }

    [Fact]
    public async Task A_disabled_account_is_accountDisabled_even_with_its_right_password()
    {
        var login = NewLogin("disabled");
        await platform.Dovecot.AddDisabledUserAsync(login, "Right-Passw0rd");

        var outcome = await Verifier().VerifyAsync(Request(login, "Right-Passw0rd"), Cancel);

        Assert.Equal(SourceAccessReasons.AccountDisabled, outcome.FailureReason);
    }

    [Fact]
    public async Task A_password_changed_at_the_server_refuses_the_old_one_at_the_next_check()
    {
        var login = NewLogin("changed");
        await platform.Dovecot.AddUserAsync(login, "Old-Passw0rd");
        Assert.True((await Verifier().VerifyAsync(Request(login, "Old-Passw0rd"), Cancel)).IsVerified);

        await platform.Dovecot.ChangePasswordAsync(login, "New-Passw0rd");

        Assert.Equal(SourceAccessReasons.InvalidPassword, (await Verifier().VerifyAsync(Request(login, "Old-Passw0rd"), Cancel)).FailureReason);
        Assert.True((await Verifier().VerifyAsync(Request(login, "New-Passw0rd"), Cancel)).IsVerified);
    }

    [Fact]
    public async Task A_port_where_nothing_listens_ends_as_serverUnreachable_after_the_bounded_retries()
    {
        var closedPort = Migration.AppHost.Infrastructure.StateDirectory.FreeTcpPort();

        var outcome = await Resilient(Verifier()).VerifyAsync(Request(NewLogin("closed"), "Any-Passw0rd", port: closedPort), Cancel);

        Assert.Equal(SourceAccessReasons.ServerUnreachable, outcome.FailureReason);
    }

    [Fact]
    public async Task A_connection_refused_is_thrown_as_unavailable_so_that_the_caller_retries_it()
    {
        var closedPort = Migration.AppHost.Infrastructure.StateDirectory.FreeTcpPort();

        var fault = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            Verifier().VerifyAsync(Request(NewLogin("closed"), "Any-Passw0rd", port: closedPort), Cancel));

        Assert.Equal(SourceAccessReasons.ServerUnreachable, fault.Reason);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_greets_is_unavailable_after_the_connect_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var fault = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            Verifier(connectTimeout: TimeSpan.FromSeconds(1)).VerifyAsync(Request(NewLogin("silent"), "Any-Passw0rd", port: port), Cancel));

        Assert.Equal(SourceAccessReasons.ServerUnreachable, fault.Reason);
    }

    [Fact]
    public async Task Implicit_TLS_against_a_plain_IMAP_port_is_unavailable_and_sends_no_password()
    {
        var login = NewLogin("tls");
        await platform.Dovecot.AddUserAsync(login, "Right-Passw0rd");
        var mark = platform.Dovecot.Mark();

        var fault = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            Verifier().VerifyAsync(Request(login, "Right-Passw0rd", useTls: true), Cancel));

        Assert.Equal(SourceAccessReasons.ServerUnreachable, fault.Reason);
        Assert.Equal(0, platform.Dovecot.SuccessfulLogins(login, mark) + platform.Dovecot.FailedLogins(login, mark));
    }

    [Fact]
    public async Task The_demo_users_of_a_local_run_are_seeded()
    {
        foreach (var user in Migration.AppHost.Infrastructure.DovecotUsers.Demo)
        {
            var outcome = await Verifier().VerifyAsync(Request(user.Login, user.Password), Cancel);
            Assert.Equal(user.Disabled ? SourceAccessReasons.AccountDisabled : null, outcome.FailureReason);
        }
    }
}
