using System.Diagnostics;

namespace Migration.IntegrationTests;

/// <summary>The gateway's /openapi/v1.json says exactly what the API answers, so that a generated client types every answer.</summary>
public sealed class OpenApiDocumentTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_operation_declares_the_answers_it_can_give()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.Contains(operations, o => o.Path == "/v1/projects/{projectId}/mailboxes" && o.Method == "post");

        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            var responses = operation["responses"]!.AsObject();
            var anonymous = path.StartsWith("/v1/reception/", StringComparison.Ordinal) || path == "/health";
            var body = operation["requestBody"];
            var hasQuery = operation["parameters"]?.AsArray().Any(p => p!["in"]!.GetValue<string>() == "query") == true;
            var expected = new List<string> { "429" };
            if (!anonymous)
            {
                expected.AddRange(["401", "403"]);
            }
            if (path.Contains('{'))
            {
                expected.Add("404");
            }
            if (body is not null)
            {
                expected.AddRange(["400", "413", "415"]);
                Assert.Matches(@"at most [\d,]+ bytes", responses["413"]!["description"]!.GetValue<string>());
                Assert.Matches(@"at most [\d,]+ bytes", body["description"]!.GetValue<string>());
            }
            if (hasQuery)
            {
                expected.Add("400");
            }
            foreach (var status in expected)
            {
                Assert.True(responses.ContainsKey(status), $"{name} does not declare {status}: {string.Join(", ", responses.Select(r => r.Key))}");
            }
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4')))
            {
                Assert.Equal("#/components/schemas/ProblemDetails",
                    response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>());
            }
            Assert.True(anonymous == operation["security"] is JsonArray { Count: 0 }, $"{name}: security is {operation["security"]?.ToJsonString() ?? "inherited"}");
            foreach (var (mediaType, content) in body?["content"]?.AsObject() ?? [])
            {
                if (mediaType == "text/csv")
                {
                    Assert.Equal("string", content!["schema"]!["type"]!.GetValue<string>());
                }
            }
        }
    }

    [Fact]
    public async Task The_document_has_servers_health_the_full_problem_shape_and_required_request_fields()
    {
        var document = await DocumentAsync();
        Assert.False(string.IsNullOrEmpty(document["servers"]![0]!["url"]!.GetValue<string>()));
        Assert.NotNull(document["paths"]!["/health"]!["get"]!["responses"]!["200"]);

        var schemas = document["components"]!["schemas"]!;
        var problem = schemas["ProblemDetails"]!["properties"]!;
        Assert.Equal("string", problem["rule"]!["type"]!.GetValue<string>());
        Assert.Equal("array", problem["errors"]!["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.Equal("integer", problem["status"]!["type"]!.GetValue<string>());

        AssertRequired(schemas, "CreateProjectRequest", "name", "customer", "source", "destination");
        AssertRequired(schemas, "CustomerDto", "name", "domain");
        AssertRequired(schemas, "SourceRequest", "kind", "accessMethod");
        AssertRequired(schemas, "DestinationRequest", "tenantDomain");
        AssertRequired(schemas, "AddMailboxesRequest", "mailboxes");
        AssertRequired(schemas, "MailboxInput", "sourceAddress", "destinationUpn");
        AssertRequired(schemas, "SourceCredentialRequest", "password");
        AssertRequired(schemas, "DestinationCredentialRequest", "password");
        AssertRequired(schemas, "CreateOperatorRequest", "name");
        // Optional fields stay optional.
        Assert.Contains("null", schemas["MailboxInput"]!["properties"]!["displayName"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        // Numbers are numbers, not "an integer or a string of digits".
        Assert.Equal(["null", "integer"], schemas["SourceRequest"]!["properties"]!["port"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task The_calls_that_take_an_Idempotency_Key_describe_it_and_no_other_call_does()
    {
        var document = await DocumentAsync();
        var keyed = Operations(document)
            .Where(o => o.Operation["parameters"]?.AsArray().Any(p => p!["in"]!.GetValue<string>() == "header"
                                                                       && p["name"]!.GetValue<string>() == "Idempotency-Key") == true)
            .Select(o => $"{o.Method} {o.Path}")
            .Order()
            .ToArray();
        Assert.Equal(["post /v1/projects/{projectId}/credentials", "post /v1/projects/{projectId}/invitations", "post /v1/projects/{projectId}/mailboxes"], keyed);
    }

    [Fact]
    public async Task The_document_passes_redocly_lint_without_a_warning()
    {
        var folder = Directory.CreateTempSubdirectory("openapi-lint-");
        try
        {
            var documentFile = Path.Combine(folder.FullName, "v1.json");
            await File.WriteAllTextAsync(documentFile, (await DocumentAsync()).ToJsonString(), Cancel);
            var configFile = Path.Combine(folder.FullName, "redocly.yaml");
            // No licence is chosen for the API yet, and the test gateway runs on localhost.
            await File.WriteAllTextAsync(configFile, """
                extends:
                  - recommended
                rules:
                  info-license: off
                  no-server-example.com: off
                """, Cancel);

            var (exitCode, output) = await RunAsync(Redocly(), $"lint \"{documentFile}\" --config \"{configFile}\" --format=json");
            var problems = JsonNode.Parse(output[output.IndexOf('{')..])!["problems"]!.AsArray();
            Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}")));
            Assert.Equal(0, exitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<JsonObject> DocumentAsync() =>
        (await platform.Gateway.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Cancel))!;

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in Methods
        where path.Value?[method] is JsonObject
        select (path.Key, method, path.Value![method]!.AsObject());

    private static void AssertRequired(JsonNode schemas, string schema, params string[] fields)
    {
        var required = schemas[schema]!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
        foreach (var field in fields)
        {
            Assert.True(required.Contains(field), $"{schema}.{field} is not required");
            var property = schemas[schema]!["properties"]![field]!;
            Assert.True(property["oneOf"] is null && property["type"] is not JsonArray, $"{schema}.{field} may be null: {property.ToJsonString()}");
        }
    }

    /// <summary>The redocly CLI that scripts/install-prerequisites.sh --tests installs into the repository's .tools folder.</summary>
    private static string Redocly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Migration.sln")))
        {
            directory = directory.Parent;
        }
        var redocly = Path.Combine(directory?.FullName ?? ".", ".tools", "redocly", "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run scripts/install-prerequisites.sh --tests");
        return redocly;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NO_UPDATE_NOTIFIER"] = "1", ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
        })!;
        var output = process.StandardOutput.ReadToEndAsync(Cancel);
        var errors = process.StandardError.ReadToEndAsync(Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True((await output).Contains('{'), $"redocly printed no report: {await errors}");
        return (process.ExitCode, await output);
    }
}
