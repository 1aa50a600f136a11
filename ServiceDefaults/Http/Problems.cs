using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Migration.ServiceDefaults.Http;

/// <summary>RFC 9457 problem details for every error the API answers, as API.md fixes them.</summary>
public static class Problems
{
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more validation errors occurred.",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail ?? "See errors for what to correct.",
        });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A violated domain rule (R1–R9): 422 with the rule's id in <c>rule</c>.</summary>
    public static ProblemHttpResult RuleViolated(string rule, string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
            Title = $"The request breaks domain rule {rule}.",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = detail,
            Extensions = { ["rule"] = rule },
        });

    /// <summary>A well-formed request that cannot be processed as sent (not a domain rule: those are <see cref="RuleViolated"/>).</summary>
    public static ProblemHttpResult Unprocessable(string detail) =>
        Create(StatusCodes.Status422UnprocessableEntity, "https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable request.", detail);

    public static ProblemHttpResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found.", detail);

    public static ProblemHttpResult Conflict(string detail) =>
        Create(StatusCodes.Status409Conflict, "https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict.", detail);

    public static ProblemHttpResult UnsupportedMediaType(params string[] accepted) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            "Unsupported media type.", $"Send the body as {string.Join(" or ", accepted)}.");

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            "Request body too large.", $"The body may be at most {limit} bytes.");

    /// <summary>A service this call depends on could not be reached; nothing the caller sent was wrong.</summary>
    public static ProblemHttpResult Unavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service unavailable.", detail);

    public static ProblemHttpResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized.", detail);

    private static ProblemHttpResult Create(int status, string type, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail });
}
