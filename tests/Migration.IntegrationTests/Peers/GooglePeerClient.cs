using System.Security.Cryptography;
using Migration.ProtocolPeers.Google;

namespace Migration.IntegrationTests.Peers;

/// <summary>A new service account's key pair and the JSON key file Google Cloud would hand out for it.</summary>
public sealed record TestServiceAccount(string ClientEmail, string ClientId, string PrivateKeyPem, string PublicKeyPem)
{
    public string Json
    {
        get
        {
            var json = GoogleDemo.ServiceAccountJson(ClientEmail, ClientId);
            json["private_key"] = PrivateKeyPem;
            return json.ToJsonString();
        }
    }

    public static TestServiceAccount Create(string name)
    {
        using var key = RSA.Create(2048);
        var clientId = string.Concat(Enumerable.Range(0, 21).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        return new($"{name}@migration-tests.iam.gserviceaccount.com", clientId, key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }
}

/// <summary>The Google peer's admin API (<c>/peer/google/...</c>): service accounts, delegation, users, faults, records.</summary>
public sealed class GooglePeerClient(HttpClient http) : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async Task RegisterAsync(TestServiceAccount account) =>
        (await http.PostAsJsonAsync("peer/google/service-accounts",
            new ServiceAccountRegistration(account.ClientEmail, account.ClientId, account.PublicKeyPem), Cancel)).EnsureSuccessStatusCode();

    public async Task DelegateAsync(string clientId, params string[] scopes) =>
        (await http.PutAsJsonAsync($"peer/google/delegation/{clientId}", new DelegationScopes(scopes), Cancel)).EnsureSuccessStatusCode();

    public async Task AddUserAsync(GoogleUser user) =>
        (await http.PostAsJsonAsync("peer/google/users", user, Cancel)).EnsureSuccessStatusCode();

    public async Task InjectTokenFaultAsync(GoogleFault fault) =>
        (await http.PostAsJsonAsync("peer/google/faults/token", fault, Cancel)).EnsureSuccessStatusCode();

    public async Task InjectGmailFaultAsync(GoogleFault fault) =>
        (await http.PostAsJsonAsync("peer/google/faults/gmail", fault, Cancel)).EnsureSuccessStatusCode();

    public async Task<List<TokenRequestRecord>> TokenRequestsAsync() =>
        await http.GetFromJsonAsync<List<TokenRequestRecord>>("peer/google/token-requests", Cancel) ?? [];

    public async Task<List<GmailRequestRecord>> GmailRequestsAsync() =>
        await http.GetFromJsonAsync<List<GmailRequestRecord>>("peer/google/gmail-requests", Cancel) ?? [];

    public async Task<string> DemoServiceAccountJsonAsync() => await http.GetStringAsync("peer/google/demo/service-account.json", Cancel);

    public void Dispose() => http.Dispose();
}
