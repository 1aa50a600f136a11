using System.Text.Json.Nodes;
using Migration.Gateway.OpenApi;

namespace Migration.UnitTests;

public sealed class OpenApiMergeTests
{
    [Fact]
    public void Public_paths_and_schemas_of_a_service_join_the_gateway_document_and_internal_ones_do_not()
    {
        var gateway = JsonNode.Parse("""{"paths":{"/v1/operators":{}},"components":{"schemas":{"Operator":{}}}}""")!.AsObject();
        var service = JsonNode.Parse("""
            {"paths":{"/v1/projects":{"post":{}},"/internal/credentials":{},"/v1/operators":{"get":{}}},
             "components":{"schemas":{"Project":{"type":"object"},"Operator":{"type":"string"}}},"tags":[{"name":"Projects"}]}
            """)!.AsObject();

        MergedOpenApiDocument.Merge(gateway, service);

        var paths = gateway["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/v1/projects"));
        Assert.False(paths.ContainsKey("/internal/credentials"));
        Assert.Empty(paths["/v1/operators"]!.AsObject());
        Assert.NotNull(gateway["components"]!["schemas"]!["Project"]);
        Assert.Empty(gateway["components"]!["schemas"]!["Operator"]!.AsObject());
        Assert.Single(gateway["tags"]!.AsArray());
    }
}

public sealed class PublicApiConventionsTests
{
    private static readonly PublicApiFacts Facts = new("https://gateway.test", path => path.StartsWith("/v1/reception/", StringComparison.Ordinal),
        (method, path) => method == "post" && path.EndsWith("/mailboxes", StringComparison.Ordinal) ? 128L * 1024 * 1024 : 1024 * 1024);

    [Fact]
    public void Keyed_operations_with_a_body_declare_every_problem_with_the_limit_and_csv_bodies_are_strings()
    {
        var document = Apply("""
            {"paths":{"/v1/projects/{projectId}/mailboxes":{"post":{
              "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/AddMailboxesRequest"}},
                                        "text/csv":{"schema":{"$ref":"#/components/schemas/AddMailboxesRequest"}}}},
              "responses":{"200":{"description":"OK"},"409":{"description":"Conflict"}}}}},
             "components":{"schemas":{"AddMailboxesRequest":{"type":"object","required":["mailboxes"],
               "properties":{"mailboxes":{"type":["null","array"],"items":{"$ref":"#/components/schemas/MailboxInput"}}}},
               "MailboxInput":{"type":"object","required":["sourceAddress"],"properties":{
                 "sourceAddress":{"type":["null","string"]},"displayName":{"type":["null","string"]},
                 "port":{"type":["null","integer","string"],"pattern":"^-?(?:0|[1-9]\\d*)$"}}}}}}
            """);

        var operation = document["paths"]!["/v1/projects/{projectId}/mailboxes"]!["post"]!;
        var responses = operation["responses"]!.AsObject();
        Assert.Equal(["200", "400", "401", "403", "404", "409", "413", "415", "429"], responses.Select(r => r.Key));
        Assert.Contains("134,217,728 bytes", responses["413"]!["description"]!.GetValue<string>());
        Assert.Contains("134,217,728 bytes", operation["requestBody"]!["description"]!.GetValue<string>());
        Assert.All(responses.Where(r => r.Key.StartsWith('4')), r =>
            Assert.Equal("#/components/schemas/ProblemDetails", r.Value!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>()));
        Assert.Equal("string", operation["requestBody"]!["content"]!["text/csv"]!["schema"]!["type"]!.GetValue<string>());
        Assert.Null(operation["security"]);

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("array", schemas["AddMailboxesRequest"]!["properties"]!["mailboxes"]!["type"]!.GetValue<string>());
        Assert.Equal("string", schemas["MailboxInput"]!["properties"]!["sourceAddress"]!["type"]!.GetValue<string>());
        Assert.Equal(2, schemas["MailboxInput"]!["properties"]!["displayName"]!["type"]!.AsArray().Count);
        Assert.Equal(["null", "integer"], schemas["MailboxInput"]!["properties"]!["port"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.NotNull(schemas["ProblemDetails"]!["properties"]!["rule"]);
        Assert.NotNull(schemas["ProblemDetails"]!["properties"]!["errors"]);
        Assert.Equal("https://gateway.test", document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/health"]!["get"]);
    }

    [Fact]
    public void Anonymous_operations_need_no_key_and_do_not_answer_401_or_403()
    {
        var document = Apply("""{"paths":{"/v1/reception/{token}":{"get":{"responses":{"200":{"description":"OK"}}}}}}""");

        var operation = document["paths"]!["/v1/reception/{token}"]!["get"]!;
        Assert.Empty(operation["security"]!.AsArray());
        Assert.Equal(["200", "404", "429"], operation["responses"]!.AsObject().Select(r => r.Key));
    }

    [Fact]
    public void A_nullable_reference_that_a_request_requires_becomes_the_reference_alone_and_responses_keep_their_nulls()
    {
        var document = Apply("""
            {"paths":{"/v1/projects":{"post":{"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/CreateProjectRequest"}}}},
              "responses":{"201":{"description":"Created","content":{"application/json":{"schema":{"$ref":"#/components/schemas/ProjectResponse"}}}}}}}},
             "components":{"schemas":{
               "CreateProjectRequest":{"type":"object","required":["customer"],"properties":{"customer":{"oneOf":[{"type":"null"},{"$ref":"#/components/schemas/CustomerDto"}]}}},
               "CustomerDto":{"type":"object","properties":{"name":{"type":["null","string"]}}},
               "ProjectResponse":{"type":"object","required":["cutoverDate"],"properties":{"cutoverDate":{"type":["null","string"]}}}}}}
            """);

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("#/components/schemas/CustomerDto", schemas["CreateProjectRequest"]!["properties"]!["customer"]!["$ref"]!.GetValue<string>());
        Assert.Equal(2, schemas["ProjectResponse"]!["properties"]!["cutoverDate"]!["type"]!.AsArray().Count);
    }

    private static JsonObject Apply(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        PublicApiConventions.Apply(document, Facts);
        return document;
    }
}
