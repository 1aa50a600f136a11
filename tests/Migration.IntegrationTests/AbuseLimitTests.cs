using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Migration.IntegrationTests;

/// <summary>
/// Rate limits per client address behind a proxy, and for requests without a valid key. The fixture trusts loopback as
/// a proxy, so each test speaks for client addresses of its own (documentation addresses, RFC 5737) and leaves the
/// loopback buckets of the other tests alone.
/// </summary>
public sealed class AbuseLimitTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task End_users_behind_a_trusted_proxy_get_reception_buckets_of_their_own()
    {
        var guesses = await Task.WhenAll(Enumerable.Range(0, 250).Select(i => Send($"/v1/reception/guess{i:D38}", forwardedFor: "198.51.100.7")));
        Assert.Contains(guesses, status => status == HttpStatusCode.TooManyRequests);
        Assert.All(guesses, status => Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests));

        // Another end user behind the same proxy, and the proxy's own address, still have their whole bucket.
        Assert.Equal(HttpStatusCode.NotFound, await Send($"/v1/reception/other{0:D38}", forwardedFor: "198.51.100.8"));
        Assert.Equal(HttpStatusCode.NotFound, await Send($"/v1/reception/direct{0:D37}", forwardedFor: null));
    }

    [Fact]
    public async Task A_burst_of_bad_keys_from_one_address_gets_429_with_Retry_After_and_other_addresses_do_not()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        // Unknown keys shaped like real ones, each a database lookup unless limited; in batches until one is refused.
        for (var batch = 0; batch < 20 && limited is null; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SendAsync("/v1/operators/me", "198.51.100.9", RandomKey())));
            statuses.AddRange(responses.Select(r => r.StatusCode));
            limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            foreach (var response in responses.Where(r => r != limited))
            {
                response.Dispose();
            }
        }
        Assert.NotNull(limited);
        using (limited)
        {
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        }
        Assert.True(statuses.Count(s => s == HttpStatusCode.Unauthorized) >= 20, string.Join(", ", statuses));
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));

        // Once limited, malformed keys and no key at all are refused the same way (a token may have come back meanwhile,
        // so a few are sent); another address is not.
        foreach (var key in new[] { "not-a-key", null })
        {
            var refused = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsync("/v1/projects", "198.51.100.9", key)));
            Assert.Contains(refused, r => r.StatusCode == HttpStatusCode.TooManyRequests);
            foreach (var response in refused)
            {
                response.Dispose();
            }
        }
        using (var elsewhere = await SendAsync("/v1/operators/me", "198.51.100.10", RandomKey()))
        {
            await elsewhere.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    private static string RandomKey() =>
        $"mig_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    private async Task<HttpStatusCode> Send(string path, string? forwardedFor)
    {
        using var response = await SendAsync(path, forwardedFor, null);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> SendAsync(string path, string? forwardedFor, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return platform.Gateway.SendAsync(request, Cancel);
    }
}
