using System.Collections;
using Microsoft.Extensions.Logging;

namespace Migration.ServiceDefaults.Telemetry;

/// <summary>
/// Wraps the logger factory so that every logger, the framework's too, redacts reception tokens in what it logs and in the
/// scopes it opens. The hosting log scope (RequestId, RequestPath) is opened before any middleware runs, so it cannot be
/// rewritten later. Only a log line or scope whose values contain a reception path is copied; all others pass untouched.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            state is IReadOnlyList<KeyValuePair<string, object?>> values && RedactedState.Needed(values)
                ? inner.BeginScope(new RedactedState(values, ReceptionPaths.Redact(state.ToString() ?? "")))
                : inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && inner.IsEnabled(logLevel) && RedactedState.Needed(values))
            {
                var redacted = new RedactedState(values, ReceptionPaths.Redact(formatter(state, exception)));
                inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.ToString());
                return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>A copy of a log line's or scope's values, each text with its reception token replaced.</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string text) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _values = values
            .Select(v => Text(v.Value) is { } s && ReceptionPaths.Contain(s) ? new KeyValuePair<string, object?>(v.Key, ReceptionPaths.Redact(s)) : v)
            .ToArray();

        public static bool Needed(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (ReceptionPaths.Contain(Text(values[i].Value)))
                {
                    return true;
                }
            }
            return false;
        }

        private static string? Text(object? value) => value switch
        {
            string s => s,
            Uri uri => uri.OriginalString,
            Microsoft.AspNetCore.Http.PathString path => path.Value,
            _ => null,
        };

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public int Count => _values.Length;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => text;
    }
}
