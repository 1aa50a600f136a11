using System.Globalization;
using System.Text.Json.Nodes;

namespace Migration.Gateway.OpenApi;

/// <summary>What the gateway knows about every public call, and each service alone cannot: which calls are anonymous, the size limits.</summary>
/// <param name="ServerUrl">Where clients reach the gateway.</param>
/// <param name="IsAnonymous">Whether a path is reached without a key (its own token is the authority).</param>
/// <param name="BodyLimit">The largest body the gateway lets through to an operation, by method and path.</param>
public sealed record PublicApiFacts(string ServerUrl, Func<string, bool> IsAnonymous, Func<string, string, long> BodyLimit);

/// <summary>
/// Makes the merged document say what the gateway and the services really answer, in one place rather than on every
/// endpoint: every operation declares the problems it can answer (401/403 for keyed calls, 404 where the path names
/// something, 400/413/415 where it takes input, 429 everywhere), anonymous calls need no key, text/csv bodies are
/// strings, numbers are numbers, and /health is described. Answers only an endpoint knows (409, 422) stay on it.
/// </summary>
public static class PublicApiConventions
{
    public const string ProblemSchemaName = "ProblemDetails";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Operators"] = "Migration partners and their API keys.",
        ["Projects"] = "Migration projects and the credentials they require.",
        ["Mailboxes"] = "The mailboxes of a project and their statuses.",
        ["Credentials"] = "Credentials entered by the operator, one by one or in bulk.",
        ["Password Reception"] = "Invitations to end users, and the reception link's calls (no API key: the link's token is the authority).",
        ["Readiness"] = "How far a project is from its cutover.",
        ["Health"] = "Whether the gateway and the services behind it are up.",
    };

    public static void Apply(JsonObject document, PublicApiFacts facts)
    {
        document["servers"] = new JsonArray(new JsonObject { ["url"] = facts.ServerUrl, ["description"] = "This gateway." });
        var components = document["components"] as JsonObject ?? (JsonObject)(document["components"] = new JsonObject());
        var schemas = components["schemas"] as JsonObject ?? (JsonObject)(components["schemas"] = new JsonObject());
        schemas[ProblemSchemaName] = ProblemSchema();

        var paths = document["paths"] as JsonObject ?? (JsonObject)(document["paths"] = new JsonObject());
        foreach (var (path, item) in paths)
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                {
                    Describe(operation, path, method, facts);
                }
            }
        }
        paths["/health"] = Health();
        RequiredRequestFieldsAreNotNull(paths, schemas);
        NumbersAreNumbers(document);
        DescribeTags(document);
    }

    private static void Describe(JsonObject operation, string path, string method, PublicApiFacts facts)
    {
        var anonymous = facts.IsAnonymous(path);
        if (anonymous)
        {
            operation["security"] = new JsonArray();
        }
        var responses = operation["responses"] as JsonObject ?? (JsonObject)(operation["responses"] = new JsonObject());
        var body = operation["requestBody"] as JsonObject;
        var hasQuery = operation["parameters"] is JsonArray parameters && parameters.Any(p => p?["in"]?.GetValue<string>() == "query");

        if (body is not null || hasQuery)
        {
            Add(responses, 400, "The request is invalid: the problem's errors name each field and what to correct.");
        }
        if (!anonymous)
        {
            Add(responses, 401, "No API key, or not a valid one (send 'Authorization: Bearer <key>').");
            Add(responses, 403, "The wrong kind of key for this call: an operator key on an administrator call, or the administrator key on an operator call.");
        }
        if (path.Contains('{'))
        {
            Add(responses, 404, "Something the path names does not exist (or belongs to another operator, which answers the same).");
        }
        if (body is not null)
        {
            var limit = facts.BodyLimit(method, path);
            var size = $"at most {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes ({limit / (1024.0 * 1024):0.#} MiB)";
            body["description"] = body["description"] is JsonValue described ? $"{described.GetValue<string>()} The body is {size}." : $"The body is {size}.";
            Add(responses, 413, $"The body is too large: this call takes {size}.");
            Add(responses, 415, "The body's content type is not one this call takes.");
            CsvIsText(body);
        }
        Add(responses, 429, "Too many requests: retry after the seconds in Retry-After.");
        responses["429"]!["headers"] = new JsonObject
        {
            ["Retry-After"] = new JsonObject { ["description"] = "Seconds to wait.", ["schema"] = new JsonObject { ["type"] = "integer" } },
        };

        // Problems an endpoint declared itself (409, 422, ...) keep their status, in the one problem shape.
        foreach (var (status, response) in responses.ToList())
        {
            if (status.StartsWith('4') && response is JsonObject problem)
            {
                problem["content"] = ProblemContent();
            }
        }
        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value?.DeepClone())).ToList();
        responses.Clear();
        foreach (var (status, response) in sorted)
        {
            responses[status] = response;
        }
    }

    private static void Add(JsonObject responses, int status, string description)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (responses[key] is JsonObject declared)
        {
            // The framework's default description is the reason phrase; ours says what it means here.
            declared["description"] = description;
            return;
        }
        responses[key] = new JsonObject { ["description"] = description };
    }

    /// <summary>A CSV body is text, not the JSON object the same call may also take.</summary>
    private static void CsvIsText(JsonObject body)
    {
        foreach (var (mediaType, content) in body["content"] as JsonObject ?? [])
        {
            if (mediaType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && content is JsonObject csv)
            {
                csv["schema"] = new JsonObject { ["type"] = "string", ["description"] = "CSV with a header row (UTF-8)." };
            }
        }
    }

    private static JsonObject ProblemContent() => new()
    {
        ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{ProblemSchemaName}" } },
    };

    private static JsonNode ProblemSchema() => JsonNode.Parse("""
        {
          "type": "object",
          "description": "An RFC 9457 problem.",
          "required": ["type", "title", "status"],
          "properties": {
            "type": { "type": "string" },
            "title": { "type": "string" },
            "status": { "type": "integer", "format": "int32" },
            "detail": { "type": "string" },
            "instance": { "type": "string" },
            "traceId": { "type": "string" },
            "rule": { "type": "string", "description": "On 422: the domain rule the request breaks, e.g. R2." },
            "errors": {
              "type": "object",
              "description": "On 400: each field (a JSON path or a column) with what to correct.",
              "additionalProperties": { "type": "array", "items": { "type": "string" } }
            }
          }
        }
        """)!;

    private static JsonNode Health() => JsonNode.Parse("""
        {
          "get": {
            "tags": ["Health"],
            "operationId": "GetHealth",
            "summary": "200 when the gateway and every service it routes to are healthy.",
            "security": [],
            "responses": {
              "200": { "description": "Healthy, or degraded but serving.", "content": { "text/plain": { "schema": { "type": "string", "enum": ["Healthy", "Degraded"] } } } },
              "429": {
                "description": "Too many requests: retry after the seconds in Retry-After.",
                "headers": { "Retry-After": { "description": "Seconds to wait.", "schema": { "type": "integer" } } },
                "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemDetails" } } }
              },
              "503": { "description": "The gateway or a service behind it is unhealthy; the body is the text 'Unhealthy'." }
            }
          }
        }
        """)!;

    /// <summary>
    /// Request members are nullable in C# so that a missing one is answered with a field error; the ones a request
    /// schema lists as required (see OpenApiConventions) are never null in a valid request.
    /// </summary>
    private static void RequiredRequestFieldsAreNotNull(JsonObject paths, JsonObject schemas)
    {
        var requestSchemas = new HashSet<string>();
        var pending = new Stack<JsonNode?>(paths.SelectMany(p => Methods.Select(m => p.Value?[m]?["requestBody"])));
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject schema:
                    if (schema["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                        && requestSchemas.Add(reference["#/components/schemas/".Length..]))
                    {
                        pending.Push(schemas[reference["#/components/schemas/".Length..]]);
                    }
                    foreach (var (_, child) in schema)
                    {
                        pending.Push(child);
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        pending.Push(child);
                    }
                    break;
            }
        }
        foreach (var name in requestSchemas)
        {
            if (schemas[name] is not JsonObject { } schema || schema["properties"] is not JsonObject properties)
            {
                continue;
            }
            foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
            {
                if (properties[required] is JsonObject property)
                {
                    properties[required] = WithoutNull(property);
                }
            }
        }
    }

    private static JsonNode WithoutNull(JsonObject property)
    {
        // A nullable reference to a component is "oneOf: [null, $ref]": the reference alone remains.
        if (property["oneOf"] is JsonArray { Count: 2 } choices && choices.FirstOrDefault(IsNullType) is { } nullChoice)
        {
            return choices.First(c => c != nullChoice)!.DeepClone();
        }
        if (property["type"] is JsonArray types)
        {
            var remaining = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            property["type"] = remaining.Count == 1 ? remaining[0] : new JsonArray([.. remaining.Select(t => (JsonNode)t)]);
        }
        return property;
    }

    private static bool IsNullType(JsonNode? choice) =>
        choice is JsonObject { Count: 1 } only && only["type"] is JsonValue type && type.GetValue<string>() == "null";

    /// <summary>
    /// The services read numbers written as strings too, so the framework describes them as "integer or a string of
    /// digits"; they always write numbers, and clients should send numbers.
    /// </summary>
    private static void NumbersAreNumbers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["type"] is JsonArray types && schema["pattern"] is not null
                    && types.Any(t => t?.GetValue<string>() is "integer" or "number") && types.Any(t => t?.GetValue<string>() == "string"))
                {
                    var remaining = types.Select(t => t!.GetValue<string>()).Where(t => t != "string").ToList();
                    schema["type"] = remaining.Count == 1 ? remaining[0] : new JsonArray([.. remaining.Select(t => (JsonNode)t)]);
                    schema.Remove("pattern");
                }
                foreach (var (_, child) in schema.ToList())
                {
                    NumbersAreNumbers(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    NumbersAreNumbers(child);
                }
                break;
        }
    }

    private static void DescribeTags(JsonObject document)
    {
        var names = (document["tags"] as JsonArray ?? []).Select(t => t?["name"]?.GetValue<string>()).OfType<string>()
            .Append("Health").Distinct().ToList();
        document["tags"] = new JsonArray([.. names.Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name,
            ["description"] = TagDescriptions.GetValueOrDefault(name, name),
        })]);
    }
}
