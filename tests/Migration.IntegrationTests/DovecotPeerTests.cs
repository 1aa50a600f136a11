using MailKit.Net.Imap;
using MailKit.Security;

namespace Migration.IntegrationTests;

/// <summary>What the tests read from Dovecot's log is what happened at the server.</summary>
public sealed class DovecotPeerTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_most_sessions_open_at_once_counts_logins_overlapping_in_time_not_in_total()
    {
        var login = $"sessions.{Guid.NewGuid().ToString("N")[..8]}@imap.example.test";
        await platform.Dovecot.AddUserAsync(login, "Right-Passw0rd");
        var mark = platform.Dovecot.Mark();

        var three = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => LogInAsync(login)));
        foreach (var client in three)
        {
            await client.DisconnectAsync(quit: true, Cancel);
            client.Dispose();
        }
        await Eventually.WaitForAsync(() => Task.FromResult(platform.Dovecot.SessionsOpenNow(mark)), n => n == 0, "the three sessions logged as closed");
        using (var fourth = await LogInAsync(login))
        {
            await fourth.DisconnectAsync(quit: true, Cancel);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(platform.Dovecot.SuccessfulLogins(login, mark)), n => n == 4, "four logins in the log");
        Assert.Equal(3, platform.Dovecot.MostSessionsOpenAtOnce(mark));
    }

    private async Task<ImapClient> LogInAsync(string login)
    {
        var client = new ImapClient();
        await client.ConnectAsync(platform.Dovecot.Host, platform.Dovecot.Port, SecureSocketOptions.None, Cancel);
        await client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(login, "Right-Passw0rd")), Cancel);
        return client;
    }
}
