namespace Migration.IntegrationTests.Peers;

public sealed record EwsLogin(string User, bool Succeeded, string? ImpersonatedAddress, string? AnchorMailbox, DateTimeOffset At);

public sealed record EwsRecords(EwsLogin[] Logins, int MaxInProgress);

/// <summary>The EWS peer's test API (<c>/peer/ews/...</c>).</summary>
public sealed class EwsPeerClient(HttpClient client) : IDisposable
{
    public async Task AddAccountAsync(string address, string password, bool hasMailbox = true) =>
        (await client.PostAsJsonAsync("peer/ews/accounts", new { address, password, hasMailbox }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    /// <summary>ApplicationImpersonation for <paramref name="account"/> over <paramref name="mayImpersonate"/> ("*": everyone).</summary>
    public async Task GrantImpersonationAsync(string account, params string[] mayImpersonate) =>
        (await client.PostAsJsonAsync("peer/ews/impersonation-rights", new { account, mayImpersonate }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    public async Task ChangePasswordAsync(string address, string password) =>
        (await client.PutAsJsonAsync($"peer/ews/accounts/{Uri.EscapeDataString(address)}/password", new { password }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    public async Task SetLatencyAsync(TimeSpan latency) =>
        (await client.PutAsJsonAsync("peer/ews/latency", new { milliseconds = (int)latency.TotalMilliseconds }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    /// <summary>The next requests answer <paramref name="status"/>: 429/503 as HTTP statuses, 500 as the ErrorServerBusy fault.</summary>
    public async Task FailNextAsync(int status, int count = 1, int? retryAfterSeconds = null, string? user = null) =>
        (await client.PostAsJsonAsync("peer/ews/faults", new { status, count, retryAfterSeconds, user }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    public async Task<EwsRecords> RecordsAsync() =>
        (await client.GetFromJsonAsync<EwsRecords>("peer/ews/records", TestContext.Current.CancellationToken))!;

    public async Task<IReadOnlyList<EwsLogin>> LoginsOfAsync(string user) =>
        [.. (await RecordsAsync()).Logins.Where(l => l.User.Equals(user, StringComparison.OrdinalIgnoreCase))];

    public async Task ResetRecordsAsync() =>
        (await client.DeleteAsync("peer/ews/records", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

    public void Dispose() => client.Dispose();
}
