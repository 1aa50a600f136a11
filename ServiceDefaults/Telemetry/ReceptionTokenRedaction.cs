using System.Diagnostics;
using System.Text.RegularExpressions;
using Migration.Contracts;
using OpenTelemetry;

namespace Migration.ServiceDefaults.Telemetry;

/// <summary>
/// A Password Reception link's token is the end user's authority, and it is part of the path (<c>/reception/{token}</c>,
/// <c>/v1/reception/{token}</c>): wherever the framework records a path or URL (trace attributes, the hosting log scope's
/// RequestPath, the request log lines), the token is replaced before anything is written.
/// </summary>
public static partial class ReceptionPaths
{
    private const string Segment = "/reception/";

    public static bool Contain(string? text) => text is not null && text.Contains(Segment, StringComparison.OrdinalIgnoreCase);

    public static string Redact(string text) => Contain(text) ? Token().Replace(text, Redaction.Redacted) : text;

    // Routes match paths case-insensitively, so /Reception/… is a reception path too; the route template ({token}) stays.
    [GeneratedRegex(@"(?<=/reception/)(?!\{)[^/?#\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}

/// <summary>Rewrites the ASP.NET Core and HttpClient activities' url.path, url.full, http.target (...) as they end, before export.</summary>
public sealed class ReceptionTokenRedactor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        List<KeyValuePair<string, string>>? redacted = null;
        foreach (var (key, value) in activity.TagObjects)
        {
            if (value is string text && ReceptionPaths.Contain(text))
            {
                (redacted ??= []).Add(new(key, ReceptionPaths.Redact(text)));
            }
        }
        foreach (var (key, value) in redacted ?? [])
        {
            activity.SetTag(key, value);
        }
        if (ReceptionPaths.Contain(activity.DisplayName))
        {
            activity.DisplayName = ReceptionPaths.Redact(activity.DisplayName);
        }
    }
}
