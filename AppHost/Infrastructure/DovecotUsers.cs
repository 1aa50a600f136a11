using System.Diagnostics;
using Migration.Contracts;

namespace Migration.AppHost.Infrastructure;

/// <summary>One login of the local IMAP server. <see cref="Disabled"/> users are refused whatever the password.</summary>
public sealed record DovecotUser(string Login, string Password, bool Disabled = false)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Login = {Login}, Password = {Redaction.Of(Password)}, Disabled = {Disabled}");
        return true;
    }
}

/// <summary>
/// Dovecot's passwd-file (<c>login:{PLAIN}password::::::extra fields</c>). Dovecot stats the file on every lookup and
/// re-reads it when it changed, so a rewrite takes effect at the next login without a reload.
/// </summary>
public static class DovecotUsers
{
    /// <summary>The demo users of a local run (docs/local-imap.md).</summary>
    public static readonly IReadOnlyList<DovecotUser> Demo =
    [
        new("alice@imap.example.test", "Alice-imap-1"),
        new("bob@imap.example.test", "Bob-imap-1"),
        new("carol@imap.example.test", "Carol-imap-1"),
        new("disabled@imap.example.test", "Disabled-imap-1", Disabled: true),
    ];

    public static IReadOnlyList<DovecotUser> Read(string path) =>
        File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(line => line.Length > 0).Select(Parse)]
            : [];

    /// <summary>
    /// Replaces the whole file at once (a rename), so that Dovecot never reads half of it. Dovecot notices a change by
    /// the file's modification time in whole seconds and its size, so a rewrite within the same second that keeps the
    /// size (a password changed to one of the same length) gets a later time.
    /// </summary>
    public static void Write(string path, IEnumerable<DovecotUser> users)
    {
        DateTime? previous = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;
        PrivateFile.Replace(path, string.Concat(users.Select(Format)));
        if (previous is { } before && WholeSeconds(File.GetLastWriteTimeUtc(path)) <= WholeSeconds(before))
        {
            File.SetLastWriteTimeUtc(path, before.AddSeconds(1));
        }
        if (Environment.UserName == "root")
        {
            // Dovecot's auth process runs as the dovecot user and must read the private file.
            using var chown = Process.Start("chown", [$"{DovecotExecutable.ServiceUser}:{DovecotExecutable.ServiceUser}", path]);
            chown.WaitForExit();
        }
    }

    /// <summary>Adds users, or replaces those with the same login (a password change).</summary>
    public static void Upsert(string path, IEnumerable<DovecotUser> users)
    {
        var byLogin = Read(path).ToDictionary(u => u.Login, StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            byLogin[user.Login] = user;
        }
        Write(path, byLogin.Values);
    }

    private static long WholeSeconds(DateTime time) => time.Ticks / TimeSpan.TicksPerSecond;

    private static string Format(DovecotUser user)
    {
        if (user.Login.IndexOfAny([':', '\n', '\r']) >= 0 || user.Password.IndexOfAny([':', '\n', '\r']) >= 0)
        {
            throw new ArgumentException("A Dovecot login or password cannot hold ':' or a line break.", nameof(user));
        }
        // nologin with a reason is how Dovecot refuses a disabled account: NO [CONTACTADMIN] <reason>.
        var extra = user.Disabled ? "nologin reason=Account_disabled" : "";
        return $"{user.Login}:{{PLAIN}}{user.Password}::::::{extra}\n";
    }

    private static DovecotUser Parse(string line)
    {
        var fields = line.Split(':');
        const string scheme = "{PLAIN}";
        var password = fields[1].StartsWith(scheme, StringComparison.Ordinal) ? fields[1][scheme.Length..] : fields[1];
        var extra = fields.Length > 7 ? fields[7] : "";
        return new(fields[0], password, extra.Contains("nologin", StringComparison.Ordinal));
    }
}
