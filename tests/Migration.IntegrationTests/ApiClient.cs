using System.Net.Http.Headers;
using System.Text;

namespace Migration.IntegrationTests;

/// <summary>What the tests do through the public gateway, as an operator system would.</summary>
public static class ApiClient
{
    public static async Task<(string Id, string ApiKey)> CreateOperatorAsync(this PlatformFixture platform, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/operators") { Content = JsonContent.Create(new { name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", platform.AdminKey);
        using var response = await platform.Gateway.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body["id"]!.GetValue<string>(), body["apiKey"]!.GetValue<string>());
    }

    public static Task<HttpResponseMessage> SendAsync(this PlatformFixture platform, HttpMethod method, string path, string? apiKey, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return platform.Gateway.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this PlatformFixture platform, string path, string apiKey, string json) =>
        platform.SendAsync(HttpMethod.Post, path, apiKey, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> GetAsync(this PlatformFixture platform, string path, string apiKey) =>
        platform.SendAsync(HttpMethod.Get, path, apiKey);

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;

    public static async Task<string> CreateProjectAsync(this PlatformFixture platform, string apiKey, string? json = null)
    {
        using var response = await platform.PostJsonAsync("/v1/projects", apiKey, json ?? ProjectJson.ImpersonationWithMsi);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and returns it.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()));
        return problem;
    }
}

public static class ProjectJson
{
    public const string ImpersonationWithMsi = """
        {
          "name": "Contoso to M365",
          "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "exchange", "accessMethod": "impersonation", "ewsUrl": "https://mail.contoso.com/EWS/Exchange.asmx" },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com", "createAccounts": true, "setDestinationPasswords": false,
                           "outlookAssistant": "msi", "credentialMode": "passwordReception" },
          "migrationType": "full",
          "passwordPolicy": { "maxAgeDays": 90 },
          "cutoverDate": "2027-01-15"
        }
        """;

    public static string With(string kind, string accessMethod, string migrationType = "full", string assistant = "none",
        bool createAccounts = false, string extraSource = "") => $$"""
        {
          "name": "Project {{kind}} {{accessMethod}}",
          "customer": { "name": "Fabrikam", "domain": "fabrikam.com" },
          "source": { "kind": "{{kind}}", "accessMethod": "{{accessMethod}}" {{extraSource}} },
          "destination": { "tenantDomain": "fabrikam.onmicrosoft.com", "createAccounts": {{(createAccounts ? "true" : "false")}},
                           "outlookAssistant": "{{assistant}}" },
          "migrationType": "{{migrationType}}"
        }
        """;
}
