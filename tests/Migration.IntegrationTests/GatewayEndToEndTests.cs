using System.Text;

namespace Migration.IntegrationTests;

/// <summary>Through the public gateway, against the real services, PostgreSQL and RabbitMQ.</summary>
public sealed class GatewayEndToEndTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operator_sees_itself_and_its_projects_with_their_computed_requirements()
    {
        var (operatorId, key) = await platform.CreateOperatorAsync("Northwind Partners");
        using var me = await platform.GetAsync("/v1/operators/me", key);
        Assert.Equal(operatorId, (await me.ReadJsonAsync())["id"]!.GetValue<string>());

        using var created = await platform.PostJsonAsync("/v1/projects", key, ProjectJson.ImpersonationWithMsi);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.ReadJsonAsync();
        Assert.Equal($"/v1/projects/{project["id"]}", created.Headers.Location?.OriginalString);
        // The seed's example: SSI with the assistant deployed by MSI needs the destination password only.
        var requirements = project["requirements"]!;
        Assert.False(requirements["sourcePassword"]!.GetValue<bool>());
        Assert.True(requirements["destinationPassword"]!.GetValue<bool>());
        Assert.False(requirements["outlookAssistantDownload"]!.GetValue<bool>());
        Assert.True(requirements["endUserInvolved"]!.GetValue<bool>());
        Assert.Equal("pending", project["sourceAccess"]!["status"]!.GetValue<string>());
        Assert.Equal("msi", project["destination"]!["outlookAssistant"]!.GetValue<string>());
        Assert.Equal("2027-01-15", project["cutoverDate"]!.GetValue<string>());

        using var list = await platform.GetAsync("/v1/projects?page=1&pageSize=10", key);
        var page = await list.ReadJsonAsync();
        Assert.Equal(1, page["total"]!.GetValue<int>());
        Assert.Equal(project["id"]!.GetValue<string>(), page["items"]![0]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("google", "password", "full", "none", false, ", \"googleDomain\": \"fabrikam.com\"", "R2")]
    [InlineData("imap", "impersonation", "full", "none", false, ", \"host\": \"imap.fabrikam.com\"", "R2")]
    [InlineData("exchange", "oauth", "full", "none", false, ", \"ewsUrl\": \"https://mail.fabrikam.com/EWS/Exchange.asmx\"", "R2")]
    [InlineData("imap", "password", "full", "none", false, "", "R1")]
    [InlineData("office365", "impersonation", "full", "none", false, "", "R3")]
    [InlineData("imap", "password", "dataOnly", "none", true, ", \"host\": \"imap.fabrikam.com\"", "R4")]
    [InlineData("imap", "password", "dataOnly", "endUser", false, ", \"host\": \"imap.fabrikam.com\"", "R4")]
    public async Task Projects_that_break_a_domain_rule_get_422_naming_the_rule(
        string kind, string method, string type, string assistant, bool createAccounts, string extraSource, string rule)
    {
        var (_, key) = await platform.CreateOperatorAsync("Rules");
        using var response = await platform.PostJsonAsync("/v1/projects", key, ProjectJson.With(kind, method, type, assistant, createAccounts, extraSource));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(rule, problem["rule"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Valid_projects_of_every_source_kind_are_created()
    {
        var (_, key) = await platform.CreateOperatorAsync("Kinds");
        await platform.CreateProjectAsync(key, ProjectJson.With("imap", "password", extraSource: ", \"host\": \"imap.fabrikam.com\""));
        await platform.CreateProjectAsync(key, ProjectJson.With("google", "oauth", "dataOnly", extraSource: ", \"googleDomain\": \"fabrikam.com\""));
        await platform.CreateProjectAsync(key, ProjectJson.With("office365", "impersonation", assistant: "endUser", extraSource: ", \"tenantId\": \"fabrikam.onmicrosoft.com\""));
        await platform.CreateProjectAsync(key, ProjectJson.With("exchange", "password", extraSource: ", \"ewsUrl\": \"https://mail.fabrikam.com/EWS/Exchange.asmx\""));
        using var list = await platform.GetAsync("/v1/projects", key);
        Assert.Equal(4, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Missing_fields_get_400_with_an_error_per_field()
    {
        var (_, key) = await platform.CreateOperatorAsync("Fields");
        using var response = await platform.PostJsonAsync("/v1/projects", key, """{ "source": { "kind": "imap", "port": 70000 } }""");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "name", "customer", "source.accessMethod", "source.port", "destination" })
        {
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
        }
    }

    [Fact]
    public async Task A_thousand_mailboxes_imported_by_CSV_page_through_in_order_with_bad_rows_rejected()
    {
        var (_, key) = await platform.CreateOperatorAsync("Import");
        var projectId = await platform.CreateProjectAsync(key);
        var csv = new StringBuilder("DisplayName,destinationUpn,SOURCEADDRESS,passwordLastSet\n");
        for (var i = 0; i < 1000; i++)
        {
            csv.Append($"User {i},user{i}@contoso.onmicrosoft.com,user{i}@contoso.com,2026-10-{i % 28 + 1:00}\n");
        }
        csv.Append("Bad,bad@contoso.onmicrosoft.com,not-an-address,\n");
        csv.Append("Again,again@contoso.onmicrosoft.com,USER7@contoso.com,\n");

        using var imported = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key,
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var result = await imported.ReadJsonAsync();
        Assert.Equal(1000, result["added"]!.GetValue<int>());
        var rejected = result["rejected"]!.AsArray();
        Assert.Equal([1001, 1002], rejected.Select(r => r!["row"]!.GetValue<int>()));
        Assert.True(rejected[0]!["errors"]!.AsObject().ContainsKey("sourceAddress"));

        var seen = new List<string>();
        for (var page = 1; page <= 10; page++)
        {
            using var response = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?page={page}&pageSize=100", key);
            var body = await response.ReadJsonAsync();
            Assert.Equal(1000, body["total"]!.GetValue<int>());
            Assert.Equal(page, body["page"]!.GetValue<int>());
            seen.AddRange(body["items"]!.AsArray().Select(m => m!["sourceAddress"]!.GetValue<string>()));
        }
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"user{i}@contoso.com"), seen);

        using var waiting = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?state=waitingForUser&pageSize=1", key);
        var first = (await waiting.ReadJsonAsync())["items"]![0]!;
        Assert.Equal("pending", first["destination"]!["status"]!.GetValue<string>());
        Assert.Equal("pending", first["provisioning"]!["status"]!.GetValue<string>());
        Assert.Equal("2026-12-30", first["passwordExpires"]!.GetValue<string>());
        using var one = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes/{first["id"]}", key);
        Assert.Equal("user0@contoso.com", (await one.ReadJsonAsync())["sourceAddress"]!.GetValue<string>());

        using var again = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key,
            new StringContent("sourceAddress,destinationUpn\nuser1@contoso.com,x@contoso.onmicrosoft.com\n", Encoding.UTF8, "text/csv"));
        var second = await again.ReadJsonAsync();
        Assert.Equal(0, second["added"]!.GetValue<int>());
        Assert.Single(second["rejected"]!.AsArray());
    }

    [Fact]
    public async Task Mailboxes_also_come_as_JSON_and_readiness_lists_the_passwords_expiring_before_cutover()
    {
        var (_, key) = await platform.CreateOperatorAsync("Readiness");
        var projectId = await platform.CreateProjectAsync(key);
        using var added = await platform.PostJsonAsync($"/v1/projects/{projectId}/mailboxes", key, """
            { "mailboxes": [
              { "sourceAddress": "early@contoso.com", "destinationUpn": "early@contoso.onmicrosoft.com", "passwordLastSet": "2026-09-01" },
              { "sourceAddress": "late@contoso.com", "destinationUpn": "late@contoso.onmicrosoft.com", "passwordLastSet": "2026-11-01" },
              { "sourceAddress": "unknown@contoso.com", "destinationUpn": "unknown@contoso.onmicrosoft.com" },
              { "destinationUpn": "nobody@contoso.onmicrosoft.com" }
            ] }
            """);
        var result = await added.ReadJsonAsync();
        Assert.Equal(3, result["added"]!.GetValue<int>());
        Assert.Equal(4, result["rejected"]![0]!["row"]!.GetValue<int>());

        using var response = await platform.GetAsync($"/v1/projects/{projectId}/readiness", key);
        var readiness = await response.ReadJsonAsync();
        Assert.Equal(3, readiness["total"]!.GetValue<int>());
        Assert.Equal(3, readiness["waitingForUser"]!.GetValue<int>());
        var risk = Assert.Single(readiness["expiryRisk"]!.AsArray());
        Assert.Equal("early@contoso.com", risk!["sourceAddress"]!.GetValue<string>());
        Assert.Equal("2026-11-30", risk["passwordExpires"]!.GetValue<string>());
        var recommendations = readiness["recommendations"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains(recommendations, r => r.Contains("disable the password expiration policy"));
        Assert.Contains(recommendations, r => r.Contains("change their passwords before the migration starts"));
    }

    [Fact]
    public async Task Another_operators_project_answers_404_exactly_like_a_missing_one()
    {
        var (_, keyA) = await platform.CreateOperatorAsync("Operator A");
        var (_, keyB) = await platform.CreateOperatorAsync("Operator B");
        var projectA = await platform.CreateProjectAsync(keyA);

        foreach (var path in new[] { $"/v1/projects/{projectA}", $"/v1/projects/{projectA}/mailboxes", $"/v1/projects/{projectA}/readiness" })
        {
            using var response = await platform.GetAsync(path, keyB);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        using var upload = await platform.PostJsonAsync($"/v1/projects/{projectA}/mailboxes", keyB,
            """{ "mailboxes": [ { "sourceAddress": "x@contoso.com", "destinationUpn": "x@contoso.onmicrosoft.com" } ] }""");
        await upload.AssertProblemAsync(HttpStatusCode.NotFound);

        // A forged operator header is replaced by the gateway with the key's operator.
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/v1/projects/{projectA}");
        forged.Headers.Authorization = new("Bearer", keyB);
        forged.Headers.Add("X-Operator-Id", await OperatorOf(keyA));
        using var forgedResponse = await platform.Gateway.SendAsync(forged, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, forgedResponse.StatusCode);

        using var listB = await platform.GetAsync("/v1/projects", keyB);
        Assert.Equal(0, (await listB.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("mig_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task No_or_wrong_key_gets_401(string? key)
    {
        foreach (var path in new[] { "/v1/projects", "/v1/operators/me" })
        {
            using var response = await platform.GetAsync(path, key!);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Only_the_admin_key_creates_operators()
    {
        var (_, key) = await platform.CreateOperatorAsync("Not admin");
        using var response = await platform.PostJsonAsync("/v1/operators", key, """{ "name": "Sneaky" }""");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_input_gets_4xx_problem_details_never_500()
    {
        var (_, key) = await platform.CreateOperatorAsync("Bad input");
        var projectId = await platform.CreateProjectAsync(key);

        using var malformed = await platform.PostJsonAsync("/v1/projects", key, """{ "name": "x", """);
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest);

        using var unknownEnum = await platform.PostJsonAsync("/v1/projects", key, ProjectJson.ImpersonationWithMsi.Replace("\"exchange\"", "\"lotusNotes\""));
        var enumProblem = await unknownEnum.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(enumProblem["errors"]!.AsObject().ContainsKey("$.source.kind"));

        using var wrongType = await platform.PostJsonAsync("/v1/projects", key, ProjectJson.ImpersonationWithMsi.Replace("\"maxAgeDays\": 90", "\"maxAgeDays\": \"ninety\""));
        await wrongType.AssertProblemAsync(HttpStatusCode.BadRequest);

        using var wrongContentType = await platform.SendAsync(HttpMethod.Post, "/v1/projects", key, new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await wrongContentType.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        using var wrongUploadType = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
        await wrongUploadType.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        // The gateway refuses an oversized body before reading it; a client that announces its body with
        // Expect: 100-continue (as curl does for large bodies) then never sends it.
        using var oversizedRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/projects")
        {
            Content = new StringContent($$"""{ "name": "{{new string('x', 2 * 1024 * 1024)}}" }""", Encoding.UTF8, "application/json"),
        };
        oversizedRequest.Headers.Authorization = new("Bearer", key);
        oversizedRequest.Headers.ExpectContinue = true;
        using var oversized = await platform.Gateway.SendAsync(oversizedRequest, Cancel);
        await oversized.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        using var noHeader = await platform.SendAsync(HttpMethod.Post, $"/v1/projects/{projectId}/mailboxes", key, new StringContent("", Encoding.UTF8, "text/csv"));
        await noHeader.AssertProblemAsync(HttpStatusCode.BadRequest);

        using var badPaging = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?pageSize=1001", key);
        await badPaging.AssertProblemAsync(HttpStatusCode.BadRequest);

        using var badState = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes?state=sleeping", key);
        var stateProblem = await badState.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("waitingForUser", stateProblem["errors"]!["state"]![0]!.GetValue<string>());

        using var nullBody = await platform.PostJsonAsync("/v1/projects", key, "null");
        await nullBody.AssertProblemAsync(HttpStatusCode.BadRequest);

        using var list = await platform.GetAsync($"/v1/projects/{projectId}/mailboxes", key);
        Assert.Equal(0, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bursts_beyond_the_rate_limit_get_429_with_Retry_After()
    {
        var (_, key) = await platform.CreateOperatorAsync("Hasty");
        var responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => platform.GetAsync("/v1/operators/me", key)));
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.True(limited[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await limited[0].AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));

        // Another operator is not affected.
        var (_, otherKey) = await platform.CreateOperatorAsync("Patient");
        using var other = await platform.GetAsync("/v1/operators/me", otherKey);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Health_and_the_merged_OpenAPI_document_describe_the_whole_public_API()
    {
        using var health = await platform.Gateway.GetAsync("/health", Cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var document = await platform.Gateway.GetAsync("/openapi/v1.json", Cancel);
        var openApi = await document.ReadJsonAsync();
        var paths = openApi["paths"]!.AsObject();
        foreach (var path in new[] { "/v1/operators", "/v1/operators/me", "/v1/projects", "/v1/projects/{projectId}",
                     "/v1/projects/{projectId}/mailboxes", "/v1/projects/{projectId}/mailboxes/{mailboxId}", "/v1/projects/{projectId}/readiness" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        }
        Assert.NotNull(openApi["components"]!["securitySchemes"]!["apiKey"]);

        using var docs = await platform.Gateway.GetAsync("/docs", Cancel);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    private async Task<string> OperatorOf(string key)
    {
        using var me = await platform.GetAsync("/v1/operators/me", key);
        return (await me.ReadJsonAsync())["id"]!.GetValue<string>();
    }
}
