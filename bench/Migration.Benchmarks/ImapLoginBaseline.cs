using System.Diagnostics;
using System.Net;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Migration.AppHost.Infrastructure;

namespace Migration.Benchmarks;

/// <summary>What a bare MailKit loop achieved: how many checks, in how long.</summary>
public sealed record ImapLoginBaselineResult(int Logins, int Concurrency, TimeSpan Elapsed)
{
    public double LoginsPerSecond => Logins / Elapsed.TotalSeconds;
}

/// <summary>
/// The baseline of the IMAP verification benchmark: the same work as one check (connect, ONE SASL PLAIN login,
/// EXAMINE INBOX, logout) in a bare MailKit loop at a given concurrency, with no platform around it.
/// </summary>
public static class ImapLoginBaseline
{
    public static async Task<ImapLoginBaselineResult> RunAsync(string host, int port, IReadOnlyList<(string Login, string Password)> users,
        int concurrency, CancellationToken cancellationToken = default)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var index && index < users.Count)
            {
                using var client = new ImapClient();
                await client.ConnectAsync(host, port, SecureSocketOptions.None, cancellationToken);
                await client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(users[index].Login, users[index].Password)), cancellationToken);
                await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                await client.DisconnectAsync(quit: true, cancellationToken);
            }
        }));
        return new(users.Count, concurrency, clock.Elapsed);
    }

    /// <summary>
    /// <c>imapbaseline [users] [concurrency]</c>: adds the users to the platform's Dovecot, warms it up with one login, and
    /// measures the baseline alone.
    /// </summary>
    public static async Task<string> MeasureAsync(PlatformUnderTest platform, int userCount, int concurrency)
    {
        var dovecot = platform.Dovecot;
        var users = Enumerable.Range(0, userCount).Select(i => ($"baseline{i:D5}@imap.example.test", $"Baseline-{i:D5}")).ToList();
        DovecotUsers.Upsert(dovecot.PasswdFile, users.Select(u => new DovecotUser(u.Item1, u.Item2)));
        // Dovecot re-reads its passwd-file at most once a second.
        await Task.Delay(TimeSpan.FromMilliseconds(1100));
        await RunAsync("127.0.0.1", dovecot.Port, users[..1], 1);
        var result = await RunAsync("127.0.0.1", dovecot.Port, users, concurrency);
        return $"## IMAP login baseline\n\n{result.Logins} checks (PLAIN login + EXAMINE INBOX + logout) at concurrency {result.Concurrency}: " +
               $"{result.Elapsed.TotalSeconds:F2} s, {result.LoginsPerSecond:F0} logins/s";
    }
}
