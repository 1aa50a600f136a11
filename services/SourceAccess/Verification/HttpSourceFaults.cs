using System.Net;
using System.Net.Http.Headers;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification;

/// <summary>
/// The HTTP answers and failures that say the source cannot answer now rather than refusing: thrown as
/// <see cref="SourceUnavailableException"/> for <see cref="ResilientVerifier"/> to retry.
/// </summary>
internal static class HttpSourceFaults
{
    /// <summary>429, and 503 with a Retry-After, are throttling; any other 5xx, a server that is not answering.</summary>
    public static SourceUnavailableException? ForStatus(HttpStatusCode status, RetryConditionHeaderValue? retryAfter, string source)
    {
        var after = RetryAfter(retryAfter);
        return status switch
        {
            HttpStatusCode.TooManyRequests => new SourceUnavailableException(SourceAccessReasons.Throttled, after, $"{source} answered 429."),
            HttpStatusCode.ServiceUnavailable when after is not null =>
                new SourceUnavailableException(SourceAccessReasons.Throttled, after, $"{source} answered 503 with a Retry-After."),
            >= HttpStatusCode.InternalServerError =>
                new SourceUnavailableException(SourceAccessReasons.ServerUnreachable, after, $"{source} answered {(int)status}."),
            _ => null,
        };
    }

    /// <summary>Connection refused, DNS, TLS, or the client's timeout (not the caller's cancellation).</summary>
    public static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or TimeoutException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static SourceUnavailableException Unreachable(string source, Exception exception) =>
        new(SourceAccessReasons.ServerUnreachable, null, $"{source} could not be reached ({exception.GetType().Name}).", exception);

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Sends and reads the whole answer, turning an unreachable source into <see cref="SourceUnavailableException"/>.</summary>
    public static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, HttpRequestMessage request, string source,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.SendAsync(request, cancellationToken);
            return (response, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
        {
            throw Unreachable(source, ex);
        }
    }
}
