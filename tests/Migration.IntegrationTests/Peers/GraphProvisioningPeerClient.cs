namespace Migration.IntegrationTests.Peers;

public sealed record PeerSku(string SkuPartNumber, int Seats, Guid? SkuId = null);

public sealed record PeerTenantQuotas(int? AppTenantWrites = null, double? AppTenantPeriodSeconds = null, int? TenantWrites = null,
    double? TenantPeriodSeconds = null, double? TimeScale = null, int? InFlightAllowanceMilliseconds = null);

public sealed record PeerTenantSpec(string[]? Domains = null, PeerSku[]? Skus = null, PeerTenantQuotas? Quotas = null);

public sealed record PeerTenantSku(Guid SkuId, string SkuPartNumber, int Seats, int Consumed);

public sealed record PeerTenant(string TenantId, string[] Domains, PeerTenantSku[] Skus, PeerTenantQuotas? Quotas, int Users);

public sealed record PeerDirectoryUser(string Id, string UserPrincipalName, string DisplayName, string? GivenName, string? Surname,
    string? UsageLocation, bool AccountEnabled, bool ForceChangePasswordNextSignIn, string[] Licenses, DateTimeOffset CreatedDateTime,
    int PasswordChanges);

public sealed record PeerExistingUser(string UserPrincipalName, string Password, string? DisplayName = null, string? UsageLocation = null,
    string[]? Licenses = null);

/// <summary>One request a destination tenant's directory answered (writes are those the quotas count).</summary>
public sealed record PeerDirectoryRequest(string Method, string Path, string TenantId, string AppId, int Status, bool Write,
    string? ThrottleScope, int? RetryAfterSeconds, bool BeforeRetryAfter, DateTimeOffset At, DateTimeOffset AnsweredAt);

public sealed record PeerQuotaOptions(bool Enabled = true, int AppTenantWrites = 3_000, double AppTenantPeriodSeconds = 150, int TenantWrites = 18_000,
    double TenantPeriodSeconds = 300, int AppWrites = 70_000, double AppPeriodSeconds = 300, double TimeScale = 1, int InFlightAllowanceMilliseconds = 250);

/// <summary>
/// The Graph peer's destination directories (<c>/peer/graph/tenants/...</c>, <c>/peer/graph/quotas</c>): tenants with their
/// SKUs, seats and quotas, their users (and a password comparison), the requests each saw.
/// </summary>
public sealed class GraphProvisioningPeerClient(HttpClient client) : IDisposable
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>Creates the tenant (by id or domain), or gives it new domains, SKUs and quotas; its users stay.</summary>
    public async Task<PeerTenant> PutTenantAsync(string tenant, PeerTenantSpec spec)
    {
        using var response = await client.PutAsJsonAsync($"peer/graph/tenants/{Segment(tenant)}", spec, Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PeerTenant>(Cancellation))!;
    }

    public async Task<PeerTenant> TenantAsync(string tenant) =>
        (await client.GetFromJsonAsync<PeerTenant>($"peer/graph/tenants/{Segment(tenant)}", Cancellation))!;

    public async Task<IReadOnlyList<PeerDirectoryUser>> UsersAsync(string tenant) =>
        (await client.GetFromJsonAsync<PeerDirectoryUser[]>($"peer/graph/tenants/{Segment(tenant)}/users", Cancellation))!;

    /// <summary>An account that exists before provisioning.</summary>
    public async Task<PeerDirectoryUser> AddUserAsync(string tenant, PeerExistingUser user)
    {
        using var response = await client.PostAsJsonAsync($"peer/graph/tenants/{Segment(tenant)}/users", user, Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PeerDirectoryUser>(Cancellation))!;
    }

    /// <summary>Whether the user's password is this one (the peer never answers a password back).</summary>
    public async Task<bool> PasswordMatchesAsync(string tenant, string user, string password)
    {
        using var response = await client.PostAsJsonAsync($"peer/graph/tenants/{Segment(tenant)}/users/{Segment(user)}/password-check",
            new { password }, Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["matches"]!.GetValue<bool>();
    }

    public async Task<IReadOnlyList<PeerDirectoryRequest>> RequestsAsync(string tenant) =>
        (await client.GetFromJsonAsync<PeerDirectoryRequest[]>($"peer/graph/tenants/{Segment(tenant)}/requests", Cancellation))!;

    public async Task ClearRequestsAsync(string tenant) =>
        (await client.DeleteAsync($"peer/graph/tenants/{Segment(tenant)}/requests", Cancellation)).EnsureSuccessStatusCode();

    public async Task<PeerQuotaOptions> QuotasAsync() =>
        (await client.GetFromJsonAsync<PeerQuotaOptions>("peer/graph/quotas", Cancellation))!;

    /// <summary>The peer-wide quotas (every tenant without its own); resets every bucket.</summary>
    public async Task SetQuotasAsync(PeerQuotaOptions options) =>
        (await client.PutAsJsonAsync("peer/graph/quotas", options, Cancellation)).EnsureSuccessStatusCode();

    public void Dispose() => client.Dispose();
}

public static class RetryAfterAssert
{
    /// <summary>
    /// No request reached the peer inside a Retry-After it had given (after its in-flight allowance). A failure lists each
    /// early request with the 429s of the seconds before it, which tell which replica's write raced which answer.
    /// </summary>
    public static void NoneEarly(IReadOnlyList<PeerDirectoryRequest> requests)
    {
        var early = requests.Where(r => r.BeforeRetryAfter).ToList();
        if (early.Count == 0)
        {
            return;
        }
        var lines = early.Select(e => $"{e.Method} {e.Path} at {e.At:HH:mm:ss.fff} ({e.Status}) after: " + string.Join("; ",
            requests.Where(r => r.Status == 429 && r.At <= e.At && r.At > e.At.AddSeconds(-10))
                .Select(r => $"429 at {r.At:HH:mm:ss.fff} answered {r.AnsweredAt:HH:mm:ss.fff}, Retry-After {r.RetryAfterSeconds} s, {r.ThrottleScope?.Split('/')[0]}")));
        Assert.Fail($"{early.Count} request(s) came inside a Retry-After:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }
}
