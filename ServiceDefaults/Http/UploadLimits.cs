using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Migration.ServiceDefaults.Http;

/// <summary>
/// The size limits of request bodies, one set for the gateway and the services behind it (API.md: a CSV upload takes at
/// least 500,000 rows, a JSON mailbox body at least 10,000 mailboxes).
/// </summary>
public static class UploadLimits
{
    /// <summary>Any JSON body other than a mailbox list, and the reception form.</summary>
    public const long BodyBytes = 1024 * 1024;

    /// <summary>A CSV upload: 500,000 mailboxes take about 80 MB.</summary>
    public const long CsvBytes = 128L * 1024 * 1024;

    /// <summary>A JSON mailbox list, parsed whole: at least 10,000 mailboxes of up to 1.6 KB each.</summary>
    public const long JsonMailboxesBytes = 16L * 1024 * 1024;

    /// <summary>An upload's answer lists at most this many rejected rows; <c>rejectedCount</c> counts them all.</summary>
    public const int ListedRejectedRows = 1000;

    public static string Describe(long bytes) => $"{bytes / (1024 * 1024)} MiB ({bytes} bytes)";

    /// <summary>
    /// Raises or lowers this request's body limit before anything reads the body (the server's default is 30 MB). False
    /// when the body is already known to be larger, which is answered 413 at once.
    /// </summary>
    public static bool TryApply(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        return !(context.Request.ContentLength > limit);
    }
}
