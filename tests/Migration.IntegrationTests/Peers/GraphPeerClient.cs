namespace Migration.IntegrationTests.Peers;

public sealed record GraphRequest(string Path, string? User, int Status, DateTimeOffset At);

/// <summary>The Graph peer's test API (<c>/peer/graph/...</c>): the requests it answered, and faults for the next ones.</summary>
public sealed class GraphPeerClient(HttpClient client) : IDisposable
{
    /// <summary>The next <paramref name="count"/> Graph requests answer <paramref name="status"/> (429 or 503), with Retry-After if given.</summary>
    public async Task FailNextAsync(int status, int count = 1, int? retryAfterSeconds = null, string? user = null) =>
        (await client.PostAsJsonAsync("peer/graph/faults", new { status, count, retryAfterSeconds, user }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<GraphRequest>> RequestsAsync() =>
        (await client.GetFromJsonAsync<GraphRequest[]>("peer/graph/requests", TestContext.Current.CancellationToken))!;

    public void Dispose() => client.Dispose();
}
