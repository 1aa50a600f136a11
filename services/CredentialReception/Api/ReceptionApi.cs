using Microsoft.AspNetCore.Http.HttpResults;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Reception;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

/// <summary>
/// The JSON API behind the reception page: no operator key, the token is the authority. Unknown, expired and revoked
/// tokens all answer the same 404.
/// </summary>
public static class ReceptionApi
{
    public static IEndpointRouteBuilder MapReceptionApi(this IEndpointRouteBuilder routes)
    {
        var reception = routes.MapGroup("/v1/reception/{token}").WithTags("Password Reception").AllowAnonymous();
        reception.MapGet("/", Get).WithName("GetReception").WithSummary("What the reception link's end user is asked for.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        reception.MapPost("/", Post).WithName("SubmitReception")
            .WithSummary("An end user's passwords; fields not needed are refused with 400, and a refused password can be sent again on the same link.")
            .WithDescription($"The body is at most {UploadLimits.Describe(UploadLimits.BodyBytes)}.")
            .Accepts<ReceptionSubmission>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return routes;
    }

    internal static async Task<Results<Ok<ReceptionView>, ProblemHttpResult>> Get(
        string token, ReceptionTokens tokens, CancellationToken cancellationToken)
    {
        var opened = await tokens.OpenAsync(token, cancellationToken);
        return opened is null ? UnknownLink() : TypedResults.Ok(opened.Value.View);
    }

    internal static async Task<Results<Accepted<ReceptionView>, ProblemHttpResult>> Post(
        string token, JsonBody<ReceptionSubmission> body, ReceptionTokens tokens, ReceptionIntake intake, CancellationToken cancellationToken)
    {
        var opened = await tokens.OpenAsync(token, cancellationToken);
        if (opened is null)
        {
            return UnknownLink();
        }
        var (mailbox, project, before) = opened.Value;
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var (errors, after) = await intake.SubmitAsync(mailbox, project, before, body.Value!, cancellationToken);
        return errors is not null ? Problems.Validation(errors)
            : after is null ? UnknownLink()
            : TypedResults.Accepted((string?)null, after);
    }

    internal static ProblemHttpResult UnknownLink() => Problems.NotFound("This reception link is not valid.");
}
