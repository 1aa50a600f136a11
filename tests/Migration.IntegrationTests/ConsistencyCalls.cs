using System.Text;

namespace Migration.IntegrationTests;

/// <summary>Calls made straight after one another, with none of the waiting that <see cref="CredentialsApi"/> does.</summary>
public static class ConsistencyCalls
{
    public static string[] Addresses(int count)
    {
        var domain = $"c{Guid.NewGuid().ToString("N")[..10]}.example";
        return [.. Enumerable.Range(1, count).Select(i => $"user{i}@{domain}")];
    }

    public static string MailboxCsv(IEnumerable<string> addresses) =>
        "sourceAddress,destinationUpn,displayName\n" + string.Concat(addresses.Select(a => $"{a},{a.Replace("@", ".m365@")},{a.Split('@')[0]}\n"));

    public static string CredentialsCsv(IEnumerable<string> addresses, string suffix = "") =>
        "sourceAddress,sourcePassword,destinationPassword\n" + string.Concat(addresses.Select(a => $"{a},Source-{a}{suffix},Destination-{a}{suffix}\n"));

    public static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    /// <summary>Imports the mailboxes and lists them from the migrations service, which owns them: no waiting for the vault.</summary>
    public static async Task<List<(string Id, string Address)>> ImportAsync(this PlatformFixture platform, string key, string projectId, string[] addresses)
    {
        using (var import = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, Csv(MailboxCsv(addresses))))
        {
            Assert.Equal(addresses.Length, (await import.ReadJsonAsync())["added"]!.GetValue<int>());
        }
        using var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?pageSize=1000", key);
        return [.. (await list.ReadJsonAsync())["items"]!.AsArray().Select(m => (m!["id"]!.GetValue<string>(), m["sourceAddress"]!.GetValue<string>()))];
    }

    public static Task<HttpResponseMessage> PutSourceAsync(this PlatformFixture platform, string key, string projectId, string mailboxId, string password = "Source-1") =>
        platform.SendAsync(HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/source", key,
            new StringContent($$"""{ "password": "{{password}}" }""", Encoding.UTF8, "application/json"));

    /// <summary>A request with an Idempotency-Key, built afresh for each send.</summary>
    public static Task<HttpResponseMessage> SendWithKeyAsync(this PlatformFixture platform, HttpMethod method, string path, string apiKey, string idempotencyKey,
        Func<HttpContent?> content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content() };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return platform.Gateway.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
