using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Migration.ServiceDefaults.Http;

/// <summary>A request body read as JSON: either the value or the 4xx problem to answer.</summary>
public readonly record struct JsonBody<T>(T? Value, ProblemHttpResult? Problem) where T : class;

public static class JsonBodyReader
{
    /// <summary>
    /// Reads the body with the API's JSON options and turns every client mistake (wrong content type, malformed
    /// JSON, wrong types, unknown enum values, oversized body) into a problem. Messages name the JSON path but
    /// never echo a value, so that a password in a malformed body cannot come back in the answer.
    /// </summary>
    public static async Task<JsonBody<T>> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return new(null, Problems.UnsupportedMediaType("application/json"));
        }
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken);
            return value is null
                ? new(null, Problems.Validation("$", "A JSON object is required."))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, Problems.Validation(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path,
                "The JSON is malformed, or a value has the wrong type or is not one of the allowed values."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.PayloadTooLarge(request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0));
        }
    }
}
