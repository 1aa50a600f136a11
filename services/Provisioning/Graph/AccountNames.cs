using System.Text;

namespace Migration.Provisioning.Graph;

/// <summary>The names Graph requires of a new user, from what the request has.</summary>
public static class AccountNames
{
    /// <summary>The display name given, else "first last", else the UPN's local part.</summary>
    public static string DisplayName(string? displayName, string? firstName, string? lastName, string upn)
    {
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            return displayName.Trim();
        }
        var joined = string.Join(' ', new[] { firstName, lastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
        return joined.Length > 0 ? joined : LocalPart(upn);
    }

    /// <summary>
    /// The UPN's local part with only the characters Graph allows in mailNickname (letters, digits and
    /// <c>!#$%&amp;'*+-/=?^_`{|}~.</c>), no dot at either end, at most 64 characters.
    /// </summary>
    public static string MailNickname(string upn)
    {
        const string allowed = "!#$%&'*+-/=?^_`{|}~.";
        var builder = new StringBuilder();
        foreach (var c in LocalPart(upn))
        {
            if (char.IsAsciiLetterOrDigit(c) || allowed.Contains(c))
            {
                builder.Append(c);
            }
        }
        var nickname = builder.ToString().Trim('.');
        nickname = nickname.Length > 64 ? nickname[..64].TrimEnd('.') : nickname;
        return nickname.Length > 0 ? nickname : "user";
    }

    private static string LocalPart(string upn)
    {
        var at = upn.IndexOf('@');
        return at > 0 ? upn[..at] : upn;
    }
}
