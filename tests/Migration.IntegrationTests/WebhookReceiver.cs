using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Migration.IntegrationTests;

/// <summary>
/// A webhook receiver as a subscriber would run one: real HTTP on a free port of 127.0.0.1. Paths choose its behaviour:
/// <c>/ok/{name}</c> answers 204, <c>/fail-twice/{name}</c> answers 503 twice and then 204, <c>/hang/{name}</c> never answers.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At, int HangingAtArrival, int AnsweredStatus);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, int> _tries = new();
    private int _hanging;
    private int _maxHanging;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public IReadOnlyCollection<Received> All => _received;
    public int HangingNow => Volatile.Read(ref _hanging);

    /// <summary>The most requests that hung at once.</summary>
    public int MaxHanging => Volatile.Read(ref _maxHanging);

    public IReadOnlyList<Received> At(string path) => _received.Where(r => r.Path == path).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{kind}/{name}", receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    private async Task HandleAsync(string kind, string name, HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = $"/{kind}/{name}";
        var tries = _tries.AddOrUpdate(path, 1, (_, n) => n + 1);
        var status = kind switch
        {
            "fail-twice" when tries <= 2 => StatusCodes.Status503ServiceUnavailable,
            "hang" => 0,
            _ => StatusCodes.Status204NoContent,
        };
        _received.Enqueue(new Received(path, buffer.ToArray(), headers, DateTimeOffset.UtcNow, HangingNow, status));
        if (kind == "hang")
        {
            var now = Interlocked.Increment(ref _hanging);
            int max;
            while (now > (max = Volatile.Read(ref _maxHanging)) && Interlocked.CompareExchange(ref _maxHanging, now, max) != max)
            {
            }
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up on us, as it should.
            }
            finally
            {
                Interlocked.Decrement(ref _hanging);
            }
            return;
        }
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
