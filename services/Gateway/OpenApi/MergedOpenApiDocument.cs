using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Migration.Gateway.Health;
using Migration.Gateway.Proxy;

namespace Migration.Gateway.OpenApi;

/// <summary>
/// Serves one OpenAPI document for the whole public API: the gateway's own endpoints plus the documents of the
/// services it routes to, restricted to the paths it actually routes.
/// </summary>
public static class MergedOpenApiDocument
{
    public const string GatewayDocumentName = "gateway";
    public const string PublicPath = "/openapi/v1.json";

    public static IEndpointRouteBuilder MapMergedOpenApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(PublicPath, GetDocument).ExcludeFromDescription().AllowAnonymous();
        return routes;
    }

    internal static async Task<IResult> GetDocument(
        [FromKeyedServices(GatewayDocumentName)] IOpenApiDocumentProvider gatewayDocument, IHttpClientFactory clients, HttpRequest request,
        IConfiguration configuration, CancellationToken cancellationToken)
    {
        var document = await gatewayDocument.GetOpenApiDocumentAsync(cancellationToken);
        var merged = JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken))!.AsObject();
        var missing = new List<string>();
        foreach (var service in ProxyRoutes.RoutedServices)
        {
            try
            {
                var serviceDocument = await clients.CreateClient(DownstreamHealthCheck.ClientName)
                    .GetFromJsonAsync<JsonObject>($"http://{service}/openapi/v1.json", cancellationToken);
                if (serviceDocument is not null)
                {
                    Merge(merged, serviceDocument);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                missing.Add(service);
            }
        }
        Describe(merged, missing);
        var limits = configuration.GetSection(RequestBodyLimitOptions.Section).Get<RequestBodyLimitOptions>() ?? new();
        PublicApiConventions.Apply(merged, new PublicApiFacts(
            $"{request.Scheme}://{request.Host}{request.PathBase}",
            IsAnonymous: path => ProxyRoutes.IsAnonymous(path),
            BodyLimit: (method, path) => RequestBodyLimitMiddleware.IsBulkUpload(method, path) ? limits.MaxBulkBytes : limits.MaxBytes));
        return Results.Text(merged.ToJsonString(), "application/json");
    }

    internal static void Merge(JsonObject target, JsonObject source)
    {
        var targetPaths = target["paths"] as JsonObject ?? (JsonObject)(target["paths"] = new JsonObject());
        foreach (var (path, item) in source["paths"] as JsonObject ?? [])
        {
            if (path.StartsWith("/v1/", StringComparison.Ordinal) && !targetPaths.ContainsKey(path))
            {
                targetPaths[path] = item?.DeepClone();
            }
        }
        var targetComponents = target["components"] as JsonObject ?? (JsonObject)(target["components"] = new JsonObject());
        foreach (var (kind, entries) in source["components"] as JsonObject ?? [])
        {
            var targetEntries = targetComponents[kind] as JsonObject ?? (JsonObject)(targetComponents[kind] = new JsonObject());
            foreach (var (name, schema) in entries as JsonObject ?? [])
            {
                targetEntries.TryAdd(name, schema?.DeepClone());
            }
        }
        var targetTags = target["tags"] as JsonArray ?? (JsonArray)(target["tags"] = new JsonArray());
        foreach (var tag in source["tags"] as JsonArray ?? [])
        {
            targetTags.Add(tag?.DeepClone());
        }
    }

    private static void Describe(JsonObject document, List<string> missing)
    {
        document["info"] = new JsonObject
        {
            ["title"] = "Migration credentials platform API",
            ["version"] = "v1",
            ["description"] = missing.Count == 0
                ? "Collects, verifies and safeguards mailbox-migration credentials. Authenticate with 'Authorization: Bearer <api key>'."
                : $"Incomplete: {string.Join(", ", missing)} did not answer.",
        };
        var components = document["components"] as JsonObject ?? (JsonObject)(document["components"] = new JsonObject());
        var schemes = components["securitySchemes"] as JsonObject ?? (JsonObject)(components["securitySchemes"] = new JsonObject());
        schemes["apiKey"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "An operator's API key, or the platform administrator key." };
        document["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() });
    }
}
