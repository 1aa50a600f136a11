using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using Migration.IntegrationTests.Peers;

namespace Migration.IntegrationTests;

/// <summary>
/// The Graph peer trusts only what the Entra peer signed: a token whose claims were altered, or that has no signature of
/// Entra's key, is refused with Graph's 401 InvalidAuthenticationToken, as Graph refuses it.
/// </summary>
public sealed class GraphPeerTokenTests(PlatformFixture platform) : IDisposable
{
    private readonly HttpClient _client = platform.Peers.CreateClient();
    private readonly EntraPeerClient _entra = platform.Peers.Entra;
    private readonly string _upn = $"token-{Guid.NewGuid():N}@contoso.test";

    private async Task<string> DelegatedTokenAsync()
    {
        await _entra.AddAsync(new EntraUser(_upn, "Token-Pass-1"));
        using var response = await _client.PostAsync($"{Guid.NewGuid()}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = PeerDemo.PublicClientId,
            ["scope"] = "https://graph.microsoft.com/.default",
            ["username"] = _upn,
            ["password"] = "Token-Pass-1",
        }), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        return body!["access_token"]!.GetValue<string>();
    }

    private async Task<(HttpStatusCode Status, JsonObject? Body)> ReadInboxAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/me/mailFolders/inbox");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_token_signed_by_entra_reads_the_inbox_as_its_user()
    {
        var (status, body) = await ReadInboxAsync(await DelegatedTokenAsync());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Inbox", body!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_whose_claims_were_changed_after_signing_is_refused()
    {
        var parts = (await DelegatedTokenAsync()).Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["upn"] = "someone-else@contoso.test";
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";

        var (status, body) = await ReadInboxAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAuthenticationToken", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused()
    {
        var (status, body) = await ReadInboxAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAuthenticationToken", body!["error"]!["code"]!.GetValue<string>());
    }

    public void Dispose()
    {
        _client.Dispose();
        _entra.Dispose();
    }
}
