using Migration.SourceAccess.Verification;

namespace Migration.SourceAccess.Checks;

/// <summary>
/// The server or tenant behind a project's source: the unit of politeness. Projects of one customer that share a server
/// share its cap, whichever project or replica runs the check.
/// </summary>
public static class SourceKeys
{
    public static string For(SourceSettings source) => source.Kind switch
    {
        SourceKind.Imap => $"imap:{Lower(source.Host)}:{source.Port ?? (source.UseTls == false ? 143 : 993)}",
        SourceKind.Exchange => $"ews:{(Uri.TryCreate(source.EwsUrl, UriKind.Absolute, out var url) ? url.Authority.ToLowerInvariant() : Lower(source.EwsUrl))}",
        SourceKind.Office365 => $"entra:{Lower(source.TenantId)}",
        SourceKind.Google => $"google:{Lower(source.GoogleDomain)}",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source.Kind, null),
    };

    private static string Lower(string? value) => (value ?? "").Trim().ToLowerInvariant();
}
