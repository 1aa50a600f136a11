using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Options;

namespace Migration.Notification.Webhooks;

/// <summary>What one try gave: a status code, or the kind of failure.</summary>
public sealed record SendResult(int? StatusCode, string? Error, TimeSpan Duration)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// POSTs a signed body to a webhook URL: no proxy, no redirects followed, every connection through the
/// <see cref="GuardedConnector"/>, and the whole try bounded by <see cref="WebhookOptions.RequestTimeout"/>.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        var value = options.Value;
        _timeout = value.RequestTimeout;
        var connector = GuardedConnector.System(AddressPolicy.ParseNetworks(value.AllowedNetworks));
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = value.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = Math.Max(2, value.MaxConcurrency),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Migration-Webhooks", "1.0"));
    }

    public async Task<SendResult> SendAsync(Uri url, byte[] body, string signature, Guid eventId, string eventType, CancellationToken stopping)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, signature);
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, eventId.ToString());
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, eventType);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return new SendResult((int)response.StatusCode, null, watch.Elapsed);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new SendResult(null, "timeout", watch.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(null, Classify(ex), watch.Elapsed);
        }
    }

    private static string Classify(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case WebhookAddressRefusedException { Reason: null }:
                    return "nameNotResolved";
                case WebhookAddressRefusedException:
                    return "addressRefused";
                case AuthenticationException:
                    return "tlsFailed";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "nameNotResolved";
                case SocketException:
                    return "connectionFailed";
            }
        }
        return "requestFailed";
    }

    public void Dispose() => _client.Dispose();
}
