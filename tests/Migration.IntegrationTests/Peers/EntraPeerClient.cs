namespace Migration.IntegrationTests.Peers;

public sealed record EntraApp(string ClientId, string? Secret = null, string[]? ApplicationPermissions = null, bool AdminConsented = true,
    bool IsPublicClient = false, string? TenantId = null, string DisplayName = "Test app");

public sealed record EntraUser(string Upn, string Password, bool MfaRequired = false, bool MfaRegistrationRequired = false, bool Locked = false,
    bool Disabled = false, bool PasswordExpired = false, bool HasMailbox = true);

public sealed record EntraTokenRequest(string GrantType, string ClientId, string? Username, int? ErrorCode, DateTimeOffset At);

/// <summary>The Entra ID peer's test API (<c>/peer/entra/...</c>).</summary>
public sealed class EntraPeerClient(HttpClient client) : IDisposable
{
    public async Task RegisterAsync(EntraApp app) =>
        (await client.PostAsJsonAsync("peer/entra/apps", app, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

    public async Task AddAsync(EntraUser user) =>
        (await client.PostAsJsonAsync("peer/entra/users", user, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

    public async Task ChangePasswordAsync(string upn, string password) =>
        (await client.PutAsJsonAsync($"peer/entra/users/{Uri.EscapeDataString(upn)}/password", new { password }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    /// <summary>The next <paramref name="count"/> token requests answer <paramref name="status"/> (429 or 503), with Retry-After if given.</summary>
    public async Task FailNextAsync(int status, int count = 1, int? retryAfterSeconds = null, string? user = null) =>
        (await client.PostAsJsonAsync("peer/entra/faults", new { status, count, retryAfterSeconds, user }, TestContext.Current.CancellationToken))
        .EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<EntraTokenRequest>> TokenRequestsAsync() =>
        (await client.GetFromJsonAsync<EntraTokenRequest[]>("peer/entra/token-requests", TestContext.Current.CancellationToken))!;

    public void Dispose() => client.Dispose();
}
