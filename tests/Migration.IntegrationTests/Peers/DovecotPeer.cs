using System.Text.RegularExpressions;
using Migration.AppHost.Infrastructure;

namespace Migration.IntegrationTests.Peers;

/// <summary>
/// The AppHost's real Dovecot, seen from a test: its address, its users (the passwd-file, which Dovecot re-reads when it
/// changes, at most once a second: each change here returns once Dovecot will see it) and what its log says about logins. A <see cref="Mark"/> is a position in the log; counts "since" a mark
/// read only what was written after it.
/// </summary>
public sealed partial class DovecotPeer(DovecotResource resource)
{
    private static readonly Lock UsersLock = new();

    public string Host => "127.0.0.1";
    public int Port => resource.Port;

    public Task AddUserAsync(string login, string password) => AddUsersAsync([(login, password)]);

    public Task AddUsersAsync(IEnumerable<(string Login, string Password)> users) =>
        ChangeUsersAsync(users.Select(u => new DovecotUser(u.Login, u.Password)));

    /// <summary>A user whose every login Dovecot refuses with <c>[CONTACTADMIN]</c>, whatever the password.</summary>
    public Task AddDisabledUserAsync(string login, string password) => ChangeUsersAsync([new DovecotUser(login, password, Disabled: true)]);

    public Task ChangePasswordAsync(string login, string newPassword)
    {
        if (!DovecotUsers.Read(resource.PasswdFile).Any(u => u.Login.Equals(login, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"Dovecot has no user {login}.");
        }
        return ChangeUsersAsync([new DovecotUser(login, newPassword)]);
    }

    private async Task ChangeUsersAsync(IEnumerable<DovecotUser> users)
    {
        lock (UsersLock)
        {
            DovecotUsers.Upsert(resource.PasswdFile, users);
        }
        // Dovecot looks at the file at most once a second: a login in the same second as the last one would not see it.
        await Task.Delay(TimeSpan.FromMilliseconds(1100));
    }

    /// <summary>The log's current end.</summary>
    public long Mark() => File.Exists(resource.LogFile) ? new FileInfo(resource.LogFile).Length : 0;

    /// <summary>Authentications Dovecot refused for <paramref name="login"/> (wrong password or unknown user), one per attempt.</summary>
    public int FailedLogins(string login, long since = 0) =>
        LinesSince(since).Count(line => FailedAuthentication().Match(line) is { Success: true } m
                                        && m.Groups["user"].Value.Equals(login, StringComparison.OrdinalIgnoreCase));

    public int SuccessfulLogins(string login, long since = 0) =>
        LinesSince(since).Count(line => Login().Match(line) is { Success: true } m
                                        && m.Groups["user"].Value.Equals(login, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The most logged-in IMAP sessions open at the same moment since the mark: each Login line opens one, its mail
    /// process's Disconnected line closes it. Sessions that were open at the mark are not counted.
    /// </summary>
    public int MostSessionsOpenAtOnce(long since) => Sessions(since).Most;

    /// <summary>The sessions opened since the mark that the log does not show closed yet.</summary>
    public int SessionsOpenNow(long since) => Sessions(since).OpenNow;

    private (int Most, int OpenNow) Sessions(long since)
    {
        var open = new HashSet<string>();
        var most = 0;
        foreach (var line in LinesSince(since))
        {
            if (Login().Match(line) is { Success: true } login)
            {
                open.Add(login.Groups["session"].Value);
                most = Math.Max(most, open.Count);
            }
            else if (SessionEnd().Match(line) is { Success: true } end)
            {
                open.Remove(end.Groups["session"].Value);
            }
        }
        return (most, open.Count);
    }

    private List<string> LinesSince(long mark)
    {
        using var stream = new FileStream(resource.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(mark, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        // A line still being written is not read yet.
        if (lines.Count > 0 && stream.Length > 0 && !EndsWithNewline(stream))
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }

    private static bool EndsWithNewline(FileStream stream)
    {
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    // 2026-12-02T00:36:56.302928 auth: Info: passwd-file(alice@example.test,127.0.0.1,<1vgQ15thLKl/AAAB>): Password mismatch
    [GeneratedRegex(@" auth: Info: passwd-file\((?<user>[^,]*),[^)]*\): (Password mismatch|unknown user)")]
    private static partial Regex FailedAuthentication();

    // ... imap-login: Info: Login: user=<alice@example.test>, method=PLAIN, rip=..., mpid=2547, session=<94cv15thMql/AAAB>
    [GeneratedRegex(@" imap-login: Info: Login: user=<(?<user>[^>]*)>.* session=<(?<session>[^>]*)>")]
    private static partial Regex Login();

    // ... imap(alice@example.test)<2547><94cv15thMql/AAAB>: Info: Disconnected: Logged out in=33 out=747 ...
    [GeneratedRegex(@" imap\([^)]*\)<\d+><(?<session>[^>]*)>: Info: Disconnected")]
    private static partial Regex SessionEnd();
}
