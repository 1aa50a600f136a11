using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Migration.Contracts.Events;
using Migration.CredentialReception.Copies;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Grants;
using Migration.CredentialReception.Vault;
using Migration.Messaging;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

/// <summary>
/// <c>PUT /v1/projects/{id}/source-access</c> (R3): the project-level grant for impersonation and OAuth, sealed in the vault
/// under the project's id as its mailbox, in place of any earlier one, and announced for its check at once.
/// </summary>
public static class SourceAccessGrantApi
{
    public static IEndpointRouteBuilder MapSourceAccessGrantApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPut("/v1/projects/{projectId:guid}/source-access", PutAsync)
            .WithTags("Projects")
            .RequireAuthorization()
            .WithName("PutSourceAccessGrant")
            .WithSummary("Set the project's source-access grant (impersonation or OAuth); it is checked at once and the result shows in the project's sourceAccess.")
            .WithDescription("By the project's source kind: exchange takes { username, password } (an admin with the ApplicationImpersonation right), " +
                             "office365 takes { clientId, clientSecret } (an Entra app with Graph application permissions), google takes " +
                             "{ serviceAccountJson } (a service-account key with domain-wide delegation). testMailbox (optional) is the mailbox it is " +
                             "checked against, else the project's first. A new grant replaces the earlier one; the grant is never answered back. " +
                             $"The body is at most {UploadLimits.Describe(UploadLimits.BodyBytes)}; 422 (rule R2) for a project with password access.")
            .Accepts<SourceAccessGrantRequest>("application/json")
            .Produces<SourceAccessGrantAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    internal static async Task<Results<Accepted<SourceAccessGrantAccepted>, ProblemHttpResult>> PutAsync(
        Guid projectId, JsonBody<SourceAccessGrantRequest> body, ClaimsPrincipal user, CredentialIntake intake, ProjectCopy copy,
        CredentialVault vault, CredentialWriter writer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var (project, problem) = await intake.FindOpenProjectAsync(user, projectId, everyMailbox: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var source = await copy.SourceOfAsync(user, project!, cancellationToken);
        if (source is null)
        {
            return Problems.Unavailable("The migrations service, which owns the project, could not be asked; try again in a moment.");
        }
        if (!SourceAccessGrantRules.TakesGrant(source.Value.AccessMethod))
        {
            return Problems.RuleViolated("R2", "This project reaches its source with each mailbox's password: a project grant applies only to impersonation and OAuth.");
        }
        var (grant, errors) = SourceAccessGrantRules.Validate(source.Value.Kind, body.Value!);
        if (grant is null)
        {
            return Problems.Validation(errors);
        }

        var stored = await vault.SealAsync(new CredentialAddress(project!.OperatorId, projectId, projectId, CredentialKind.SourceAccessGrant),
            grant.Username, grant.Secret, CredentialSubmitter.Operator, cancellationToken);
        var submitted = Outbox.Message(new SourceAccessGrantSubmitted
        {
            OperatorId = stored.OperatorId,
            ProjectId = projectId,
            CorrelationId = Guid.CreateVersion7(),
            CredentialReference = stored.Id,
            TestMailbox = grant.TestMailbox,
            SubmittedAt = stored.StoredAt,
        }, clock);
        return await writer.WriteAsync(projectId, [stored], Replacing.Any, [submitted], cancellationToken) switch
        {
            CredentialWriteOutcome.Written => TypedResults.Accepted($"/v1/projects/{projectId}",
                new SourceAccessGrantAccepted(projectId, "pending", grant.TestMailbox, stored.StoredAt)),
            CredentialWriteOutcome.AlreadyHeld => Problems.Conflict("Another grant for this project was stored at the same moment; send this one again to replace it."),
            _ => CredentialIntake.Completed(),
        };
    }
}
