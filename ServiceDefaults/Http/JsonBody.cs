using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Migration.ServiceDefaults.Http;

/// <summary>
/// A JSON request body bound as a handler parameter, at most <see cref="UploadLimits.BodyBytes"/>: either the value or the
/// 4xx problem to answer. Minimal APIs do not describe a parameter bound by <see cref="BindAsync"/>, so endpoints keep
/// their <c>.Accepts&lt;T&gt;(...)</c>.
/// </summary>
public sealed class JsonBody<T> where T : class
{
    private JsonBody(T? value, ProblemHttpResult? problem) => (Value, Problem) = (value, problem);

    public T? Value { get; }
    public ProblemHttpResult? Problem { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context)
    {
        if (!UploadLimits.TryApply(context, UploadLimits.BodyBytes))
        {
            return new JsonBody<T>(null, Problems.PayloadTooLarge(UploadLimits.BodyBytes));
        }
        var (value, problem) = await JsonBodyReader.ReadJsonAsync<T>(context.Request, context.RequestAborted);
        return new JsonBody<T>(value, problem);
    }
}

public static class JsonBodyReader
{
    /// <summary>
    /// Reads the body with the API's JSON options and turns every client mistake (wrong content type, malformed
    /// JSON, wrong types, unknown enum values, oversized body) into a problem. Messages name the JSON path but
    /// never echo a value, so that a password in a malformed body cannot come back in the answer.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType("application/json"));
        }
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken);
            return value is null
                ? (null, Problems.Validation("$", "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Validation(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path,
                "The JSON is malformed, or a value has the wrong type or is not one of the allowed values."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.PayloadTooLarge(request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0));
        }
    }
}
