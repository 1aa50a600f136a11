using System.Text;

namespace Migration.IntegrationTests;

/// <summary>
/// <c>POST /v1/projects/preview</c> through the gateway: the body of a project creation answered with the requirements (R5)
/// it would have, or with exactly the problem its creation would answer, and nothing saved either way.
/// </summary>
public sealed class ProjectPreviewTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, bool, bool, bool, bool> Bodies => new()
    {
        // The seed's example: impersonation with the assistant deployed by MSI asks end users for the destination password only.
        { ProjectJson.ImpersonationWithMsi, false, true, false, true },
        { ProjectJson.ImpersonationWithMsi.Replace("\"passwordReception\"", "\"manual\""), false, true, false, false },
        { ProjectJson.With("imap", "password", extraSource: ", \"host\": \"imap.fabrikam.com\""), true, false, false, true },
        { ProjectJson.With("office365", "impersonation", assistant: "endUser", extraSource: ", \"tenantId\": \"fabrikam.onmicrosoft.com\""), false, true, true, true },
        { ProjectJson.With("google", "oauth", "dataOnly", extraSource: ", \"googleDomain\": \"fabrikam.com\""), false, false, false, false },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_valid_body_answers_the_requirements_its_project_would_have_and_creates_nothing(
        string body, bool sourcePassword, bool destinationPassword, bool outlookAssistantDownload, bool endUserInvolved)
    {
        var (_, key) = await platform.CreateOperatorAsync("Preview");
        using var preview = await platform.PostJsonAsync("/v1/projects/preview", key, body);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var requirements = (await preview.ReadJsonAsync())["requirements"]!;
        Assert.Equal(sourcePassword, requirements["sourcePassword"]!.GetValue<bool>());
        Assert.Equal(destinationPassword, requirements["destinationPassword"]!.GetValue<bool>());
        Assert.Equal(outlookAssistantDownload, requirements["outlookAssistantDownload"]!.GetValue<bool>());
        Assert.Equal(endUserInvolved, requirements["endUserInvolved"]!.GetValue<bool>());
        await AssertNoProjectAsync(key);

        // The project created from the same body has the same requirements.
        using var created = await platform.PostJsonAsync("/v1/projects", key, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(requirements.ToJsonString(), (await created.ReadJsonAsync())["requirements"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{ "source": { "kind": "imap", "port": 70000 } }""", HttpStatusCode.BadRequest)]
    [InlineData("""{ "name": "x", "source": { "kind": "lotus", "accessMethod": "password" } }""", HttpStatusCode.BadRequest)]
    [InlineData("""{ "name": "unterminated""", HttpStatusCode.BadRequest)]
    [InlineData(null, HttpStatusCode.UnprocessableEntity)]
    public async Task An_invalid_body_answers_the_problem_its_creation_answers_and_creates_nothing(string? body, HttpStatusCode status)
    {
        body ??= ProjectJson.With("exchange", "oauth", extraSource: ", \"ewsUrl\": \"https://mail.fabrikam.com/EWS/Exchange.asmx\"");
        var (_, key) = await platform.CreateOperatorAsync("Preview problems");
        using var preview = await platform.PostJsonAsync("/v1/projects/preview", key, body);
        var previewProblem = await preview.AssertProblemAsync(status);
        using var create = await platform.PostJsonAsync("/v1/projects", key, body);
        var createProblem = await create.AssertProblemAsync(status);
        foreach (var member in new[] { "type", "title", "detail", "rule", "errors" })
        {
            Assert.Equal(createProblem[member]?.ToJsonString(), previewProblem[member]?.ToJsonString());
        }
        if (status == HttpStatusCode.UnprocessableEntity)
        {
            Assert.Equal("R2", previewProblem["rule"]!.GetValue<string>());
        }
        await AssertNoProjectAsync(key);
    }

    [Fact]
    public async Task Wrong_content_types_and_missing_keys_are_refused_and_the_project_routes_still_answer()
    {
        var (_, key) = await platform.CreateOperatorAsync("Preview edges");
        using (var text = await platform.SendAsync(HttpMethod.Post, "/v1/projects/preview", key,
                   new StringContent(ProjectJson.ImpersonationWithMsi, Encoding.UTF8, "text/plain")))
        {
            await text.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }
        using (var anonymous = await platform.SendAsync(HttpMethod.Post, "/v1/projects/preview", apiKey: null,
                   new StringContent(ProjectJson.ImpersonationWithMsi, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var notAProject = await platform.GetAsync("/v1/projects/preview", key))
        {
            Assert.True(notAProject.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"GET answered {notAProject.StatusCode}");
        }
        var projectId = await platform.CreateProjectAsync(key);
        using var project = await platform.GetAsync($"/v1/projects/{projectId}", key);
        Assert.Equal(HttpStatusCode.OK, project.StatusCode);
    }

    [Fact]
    public async Task The_gateways_OpenAPI_document_describes_the_preview()
    {
        var document = (await platform.Gateway.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Cancel))!;
        var operation = document["paths"]!["/v1/projects/preview"]!["post"]!;
        Assert.Equal("#/components/schemas/CreateProjectRequest",
            operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var answer = operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        Assert.Equal("#/components/schemas/ProjectPreviewResponse", answer);
        foreach (var status in new[] { "400", "413", "415", "422" })
        {
            Assert.NotNull(operation["responses"]![status]);
        }
        Assert.NotNull(document["components"]!["schemas"]!["ProjectPreviewResponse"]!["properties"]!["requirements"]);
    }

    private async Task AssertNoProjectAsync(string key)
    {
        using var list = await platform.GetAsync("/v1/projects", key);
        Assert.Equal(0, (await list.ReadJsonAsync())["total"]!.GetValue<int>());
    }
}
