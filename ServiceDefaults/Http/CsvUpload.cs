using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Migration.ServiceDefaults.Http;

/// <summary>
/// A <c>text/csv</c> body's character set. It is decoded strictly: a byte that is not valid in the declared charset is
/// refused (400), never turned into U+FFFD, because a silently changed password is a credential lost.
/// </summary>
public static class CsvUpload
{
    private const string Accepted = "text/csv in UTF-8 (charset utf-8, the default; us-ascii, utf-16, utf-16le and utf-16be also do)";

    public static bool IsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The strict decoding of the declared charset, or the 415 to answer for an unknown or unsupported one.</summary>
    public static Encoding? StrictEncoding(HttpRequest request, out ProblemHttpResult? problem)
    {
        problem = null;
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type);
        var charset = type?.Charset.Value?.Trim('"', ' ').ToLowerInvariant();
        Encoding? encoding = charset switch
        {
            null or "" or "utf-8" or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true),
            "us-ascii" or "ascii" => Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
            "utf-16" or "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
            _ => null,
        };
        if (encoding is null)
        {
            problem = Problems.UnsupportedMediaType(Accepted);
        }
        return encoding;
    }

    /// <summary>
    /// A reader of the CSV as text. It throws <see cref="DecoderFallbackException"/> at the first invalid byte; a byte
    /// order mark of the declared encoding is skipped, and no other one switches the encoding.
    /// </summary>
    public static StreamReader Reader(Stream body, Encoding strictEncoding) =>
        new(body, strictEncoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);

    public static ProblemHttpResult NotDecodable(Encoding encoding) =>
        Problems.Validation("csv", $"The CSV is not valid {encoding.WebName}: declare its charset in the Content-Type (utf-8, us-ascii or utf-16), " +
                                   "or convert it to UTF-8. Nothing of it was used.");

    /// <summary>
    /// Copies the body to <paramref name="target"/> (a temporary file, say), at most <paramref name="limit"/> bytes, so that
    /// nothing that holds a database connection waits for a slow client.
    /// </summary>
    public static async Task<ProblemHttpResult?> BufferAsync(HttpRequest request, Stream target, long limit, CancellationToken cancellationToken)
    {
        if (!UploadLimits.TryApply(request.HttpContext, limit))
        {
            return Problems.PayloadTooLarge(limit);
        }
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return Problems.PayloadTooLarge(limit);
                }
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.PayloadTooLarge(limit);
        }
        await target.FlushAsync(cancellationToken);
        target.Position = 0;
        return null;
    }
}
