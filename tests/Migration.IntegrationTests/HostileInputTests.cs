using System.Text;
using Migration.Contracts;

namespace Migration.IntegrationTests;

/// <summary>Input an attacker or a careless export sends: every answer is a 4xx problem, never a 500, and nothing is stored half-read.</summary>
public sealed class HostileInputTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NUL_in_a_project_field_is_400_naming_the_field()
    {
        var (_, key) = await platform.CreateOperatorAsync("NUL project");
        using var name = await platform.PostJsonAsync("/v1/projects", key, ProjectJson.ImpersonationWithMsi.Replace("\"Contoso to M365\"", "\"Contoso\\u0000\""));
        Assert.True((await name.AssertProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("name"));

        using var customer = await platform.PostJsonAsync("/v1/projects", key, ProjectJson.ImpersonationWithMsi.Replace("\"name\": \"Contoso\"", "\"name\": \"\\u0000\""));
        Assert.True((await customer.AssertProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("customer.name"));

        using var surrogate = await platform.PostJsonAsync("/v1/projects", key, ProjectJson.ImpersonationWithMsi.Replace("\"Contoso to M365\"", "\"half \\ud800 a pair\""));
        await surrogate.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task NUL_in_one_mailbox_row_rejects_that_row_and_adds_the_others()
    {
        var (_, key) = await platform.CreateOperatorAsync("NUL mailbox");
        var projectId = await platform.CreateProjectAsync(key);
        var csv = "sourceAddress,destinationUpn,displayName\n" +
                  "a@contoso.com,a@contoso.onmicrosoft.com,Anna\n" +
                  "b@contoso.com,b@contoso.onmicrosoft.com,Bo\0b\n" +
                  "c@contoso.com,c@contoso.onmicrosoft.com,Cleo\n";
        using var byCsv = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, byCsv.StatusCode);
        var answer = await byCsv.ReadJsonAsync();
        Assert.Equal(2, answer["added"]!.GetValue<int>());
        Assert.Equal(1, answer["rejectedCount"]!.GetValue<int>());
        var rejected = answer["rejected"]!.AsArray().Single()!;
        Assert.Equal(2, rejected["row"]!.GetValue<int>());
        Assert.True(rejected["errors"]!.AsObject().ContainsKey("displayName"));

        using var byJson = await platform.PostJsonAsync($"/v1/projects/{projectId}/mailboxes", key, """
            { "mailboxes": [ { "sourceAddress": "d@contoso.com", "destinationUpn": "d@contoso.onmicrosoft.com", "lastName": "D\u0000" },
                             { "sourceAddress": "e@contoso.com", "destinationUpn": "e@contoso.onmicrosoft.com" } ] }
            """);
        Assert.Equal(HttpStatusCode.OK, byJson.StatusCode);
        var jsonAnswer = await byJson.ReadJsonAsync();
        Assert.Equal(1, jsonAnswer["added"]!.GetValue<int>());
        Assert.True(jsonAnswer["rejected"]![0]!["errors"]!.AsObject().ContainsKey("lastName"));
    }

    [Theory]
    [InlineData("/v1/projects?page=2147483647&pageSize=1000")]
    [InlineData("/v1/projects/{project}/mailboxes?page=2147483647&pageSize=1000")]
    [InlineData("/v1/projects/{project}/mailboxes?page=3000000&pageSize=1000")]
    public async Task Paging_beyond_what_an_offset_can_hold_is_400(string path)
    {
        var (_, key) = await platform.CreateOperatorAsync("Far pages");
        var projectId = await platform.CreateProjectAsync(key);
        using var response = await platform.GetAsync(path.Replace("{project}", projectId), key);
        Assert.True((await response.AssertProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("page"));
    }

    [Theory]
    [InlineData("text/csv; charset=foo", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/csv; charset=latin1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/csv", HttpStatusCode.BadRequest)]
    [InlineData("text/csv; charset=utf-8", HttpStatusCode.BadRequest)]
    public async Task A_mailbox_CSV_in_a_wrong_or_unsupported_charset_is_refused_not_turned_into_U_FFFD(string contentType, HttpStatusCode expected)
    {
        var (_, key) = await platform.CreateOperatorAsync("Latin-1 export");
        var projectId = await platform.CreateProjectAsync(key);
        var latin1 = Encoding.Latin1.GetBytes("sourceAddress,destinationUpn,displayName\nj@contoso.com,j@contoso.onmicrosoft.com,Jürgen\n");
        using var response = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, Bytes(latin1, contentType));
        await response.AssertProblemAsync(expected);
        using var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes", key);
        Assert.Equal(0, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_credentials_CSV_whose_password_is_not_UTF_8_is_refused_and_nothing_is_stored()
    {
        var (_, key) = await platform.CreateOperatorAsync("Latin-1 passwords");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var user = $"latin.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();

        var latin1 = Encoding.Latin1.GetBytes($"sourceAddress,sourcePassword\n{user},Grüße-2026\n");
        using var refused = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/credentials", key, Bytes(latin1, "text/csv"));
        await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var unknownCharset = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/credentials", key, Bytes(latin1, "text/csv; charset=foo"));
        await unknownCharset.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        await using var vault = await platform.OpenDatabaseAsync(ResourceNames.CredentialReceptionDatabase);
        Assert.Equal(0L, await vault.ScalarAsync($"SELECT count(*) FROM credentials WHERE mailbox_id = '{mailboxId}'"));

        // The same password declared as UTF-16 is taken as it was typed.
        using var utf16 = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/credentials", key,
            Bytes(Encoding.Unicode.GetBytes($"sourceAddress,sourcePassword\n{user},Grüße-2026\n"), "text/csv; charset=utf-16"));
        Assert.Equal(1, (await utf16.ReadJsonAsync())["accepted"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_reception_form_refuses_a_multipart_body_without_a_boundary_with_400()
    {
        var (_, key) = await platform.CreateOperatorAsync("No boundary");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.DataOnlyPasswordProject);
        var user = $"boundary.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        await platform.AddMailboxesAsync(key, projectId, user);
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var link = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();
        var token = link[(link.LastIndexOf('/') + 1)..];

        var body = new StringContent("--x\r\nContent-Disposition: form-data; name=\"sourcePassword\"\r\n\r\nsecret\r\n--x--\r\n");
        body.Headers.ContentType = new("multipart/form-data");
        using var response = await platform.Gateway.PostAsync($"/reception/{token}", body, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Every_public_endpoint_answers_hostile_bodies_with_4xx_never_500()
    {
        var (_, key) = await platform.CreateOperatorAsync("Fuzzer");
        var projectId = await platform.CreateProjectAsync(key, CredentialsApi.PasswordProject);
        var user = $"fuzz.{Guid.NewGuid().ToString("N")[..8]}@contoso.com";
        var (mailboxId, _) = (await platform.AddMailboxesAsync(key, projectId, user)).Single();

        var deep = new string('[', 5000) + new string(']', 5000);
        var bodies = new (string Name, Func<HttpContent?> Content)[]
        {
            ("no body", () => null),
            ("empty JSON", () => new StringContent("", Encoding.UTF8, "application/json")),
            ("JSON null", () => new StringContent("null", Encoding.UTF8, "application/json")),
            ("deeply nested JSON", () => new StringContent(deep, Encoding.UTF8, "application/json")),
            ("wrong types", () => new StringContent("""{ "name": 5, "mailboxes": "x", "password": [1], "username": {}, "sourcePassword": true }""", Encoding.UTF8, "application/json")),
            ("NUL everywhere", () => new StringContent("""{ "name": "\u0000", "password": "\u0000", "username": "\u0000", "sourcePassword": "\u0000", "mailboxes": [ { "sourceAddress": "\u0000" } ] }""", Encoding.UTF8, "application/json")),
            ("huge string", () => new StringContent($$"""{ "name": "{{new string('x', 900_000)}}", "password": "{{new string('x', 900_000)}}" }""", Encoding.UTF8, "application/json")),
            ("wrong content type", () => new StringContent("<xml/>", Encoding.UTF8, "application/xml")),
            ("empty CSV", () => new StringContent("", Encoding.UTF8, "text/csv")),
            ("CSV of NULs", () => new StringContent("\0,\0\n\0,\0\n", Encoding.UTF8, "text/csv")),
            ("multipart without boundary", () => new StringContent("x", Encoding.UTF8, "multipart/form-data")),
        };
        using (var invite = await platform.InviteAsync(key, projectId))
        {
            Assert.Equal(HttpStatusCode.Accepted, invite.StatusCode);
        }
        var emailed = (await platform.WaitForEmailsAsync(1, user)).Single().ReceptionLink();
        var link = $"/v1/reception/{emailed[(emailed.LastIndexOf('/') + 1)..]}";
        var calls = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Post, "/v1/projects"),
            (HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes"),
            (HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/source"),
            (HttpMethod.Put, $"/v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/destination"),
            (HttpMethod.Post, $"/v1/projects/{projectId}/credentials"),
            (HttpMethod.Post, link),
        };
        var failures = new List<string>();
        // Bodies refused before they are read (413) are sent only after 100-continue, so that the refusal cannot cut them off.
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) }) { BaseAddress = platform.Gateway.BaseAddress };
        foreach (var (method, path) in calls)
        {
            foreach (var (name, content) in bodies)
            {
                using var request = new HttpRequestMessage(method, path) { Content = content() };
                request.Headers.Authorization = new("Bearer", key);
                request.Headers.ExpectContinue = request.Content is not null;
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request, Cancel);
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{method} {path} with {name}: {ex.Message} {ex.InnerException?.Message}");
                    continue;
                }
                using var answered = response;
                var status = (int)response.StatusCode;
                if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    failures.Add($"{method} {path} with {name}: {status} {response.Content.Headers.ContentType?.MediaType}");
                }
            }
        }
        Assert.Empty(failures);
    }

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
