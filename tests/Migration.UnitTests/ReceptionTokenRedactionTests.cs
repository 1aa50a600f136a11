using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Migration.UnitTests;

/// <summary>
/// A real Kestrel server with the services' defaults, framework logging at Debug with scopes, and tracing on: the
/// reception token of a request appears in no log line, no scope (the hosting scope's RequestPath) and no span attribute.
/// </summary>
public sealed class ReceptionTokenRedactionTests
{
    private const string Token = "TokenCanary0123456789abcdefghijklmnopqrstuvwxy";

    [Fact]
    public async Task Reception_tokens_appear_in_no_log_line_scope_or_span_of_the_server_and_its_http_client()
    {
        var captured = new CapturingLoggerProvider();
        var spans = new ConcurrentQueue<Activity>();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Tracing is on only with an exporter endpoint; nothing listens on this one, and nothing waits for it.
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        builder.Configuration["Logging:LogLevel:Default"] = "Debug";
        builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
        builder.Configuration["Logging:LogLevel:System.Net.Http.HttpClient"] = "Debug";
        builder.Logging.ClearProviders().AddProvider(captured);
        builder.AddServiceDefaults();
        // Added after the defaults, so it sees each span as the exporter would.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new CapturingProcessor(spans)));

        await using var app = builder.Build();
        app.MapGet("/reception/{token}", (string token) => Results.Ok());
        app.MapPost("/v1/reception/{token}", (string token) => Results.Accepted());
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using (var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient())
        {
            using var page = await client.GetAsync($"{address}/reception/{Token}", TestContext.Current.CancellationToken);
            Assert.True(page.IsSuccessStatusCode);
            using var submitted = await client.PostAsync($"{address}/V1/Reception/{Token}?x=1", null, TestContext.Current.CancellationToken);
            Assert.True(submitted.IsSuccessStatusCode);
        }
        await app.StopAsync(TestContext.Current.CancellationToken);

        Assert.Contains(captured.Scopes, s => s.Contains("RequestPath:/reception/[redacted]", StringComparison.Ordinal));
        Assert.Contains(captured.Lines, l => l.Contains("/reception/[redacted]", StringComparison.Ordinal));
        Assert.DoesNotContain(captured.Lines.Concat(captured.Scopes), l => l.Contains(Token, StringComparison.Ordinal));

        var attributes = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName)).ToList();
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == "/reception/[redacted]");
        Assert.Contains(spans, s => s.DisplayName == "GET /reception/{token}");
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string)?.Contains("/Reception/[redacted]?") == true);
        Assert.DoesNotContain(attributes, a => a.Contains(Token, StringComparison.Ordinal));
    }

    private sealed class CapturingProcessor(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity) => spans.Enqueue(activity);
    }

    /// <summary>Every log line with every scope it was written in, as a provider that writes scopes (OTLP, JSON console) sees them.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<string> Lines { get; } = new();
        public ConcurrentQueue<string> Scopes { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                provider.Lines.Enqueue($"{category}: {formatter(state, exception)} {values}");
                provider._scopes.ForEachScope((scope, scopes) =>
                {
                    var pairsText = scope is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(" ", kv.Select(p => $"{p.Key}={p.Value}")) : "";
                    scopes.Enqueue($"{scope} {pairsText}");
                }, provider.Scopes);
            }
        }
    }
}
