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
