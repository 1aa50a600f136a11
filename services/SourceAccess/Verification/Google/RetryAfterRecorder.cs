namespace Migration.SourceAccess.Verification.Google;

/// <summary>
/// Google.Apis.Auth turns a refused token request into a TokenResponseException without its headers; this handler,
/// between it and the "source" HttpClient's handler, keeps the last answer's Retry-After.
/// </summary>
internal sealed class RetryAfterRecorder(HttpMessageHandler inner, TimeProvider clock) : DelegatingHandler(inner)
{
    public TimeSpan? LastRetryAfter { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        LastRetryAfter = RetryAfterOf(response, clock);
        return response;
    }

    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    // The inner handler belongs to IHttpClientFactory, which disposes it when its lifetime ends.
    protected override void Dispose(bool disposing)
    {
    }
}
