using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

public sealed record SourceCredentialRequest
{
    /// <summary>Defaults to the mailbox's source address.</summary>
    public string? Username { get; init; }
    [Required]
    public string? Password { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Username = {Username}, Password = {Redaction.Of(Password)}");
        return true;
    }
}

public sealed record DestinationCredentialRequest
{
    [Required]
    public string? Password { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Password = {Redaction.Of(Password)}");
        return true;
    }
}

/// <summary>The answer to a stored credential: never the credential itself.</summary>
public sealed record CredentialAccepted(Guid MailboxId, CredentialKind Kind, string Status, DateTimeOffset ReceivedAt);

/// <summary>R6: an operator enters a mailbox's source or destination credential.</summary>
public static class ManualEntryApi
{
    public static IEndpointRouteBuilder MapManualEntryApi(this IEndpointRouteBuilder routes)
    {
        var credentials = routes.MapGroup("/v1/projects/{projectId:guid}/mailboxes/{mailboxId:guid}/credentials")
            .WithTags("Credentials").RequireAuthorization();
        credentials.MapPut("/source", PutSource)
            .WithName("PutSourceCredential")
            .WithSummary("Enter a mailbox's source credential (password access only); verification follows.")
            .Accepts<SourceCredentialRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        credentials.MapPut("/destination", PutDestination)
            .WithName("PutDestinationCredential")
            .WithSummary("Enter a mailbox's destination (Microsoft 365) password, when the project needs it (R4).")
            .Accepts<DestinationCredentialRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    internal static async Task<Results<Accepted<CredentialAccepted>, ProblemHttpResult>> PutSource(
        Guid projectId, Guid mailboxId, JsonBody<SourceCredentialRequest> body, ClaimsPrincipal user, CredentialIntake intake, CredentialsDbContext db, CancellationToken cancellationToken)
    {
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var username = string.IsNullOrWhiteSpace(body.Value!.Username) ? null : body.Value.Username.Trim();
        if (username?.Length > 320)
        {
            return Problems.Validation("username", "username is at most 320 characters.");
        }
        return await StoreAsync(projectId, mailboxId, CredentialKind.Source, username, body.Value.Password, user, intake, db, cancellationToken);
    }

    internal static async Task<Results<Accepted<CredentialAccepted>, ProblemHttpResult>> PutDestination(
        Guid projectId, Guid mailboxId, JsonBody<DestinationCredentialRequest> body, ClaimsPrincipal user, CredentialIntake intake, CredentialsDbContext db, CancellationToken cancellationToken)
    {
        return body.Problem is not null
            ? body.Problem
            : await StoreAsync(projectId, mailboxId, CredentialKind.Destination, null, body.Value!.Password, user, intake, db, cancellationToken);
    }

    private static async Task<Results<Accepted<CredentialAccepted>, ProblemHttpResult>> StoreAsync(Guid projectId, Guid mailboxId, CredentialKind kind,
        string? username, string? password, ClaimsPrincipal user, CredentialIntake intake, CredentialsDbContext db, CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var (project, problem) = await intake.FindOpenProjectAsync(operatorId, projectId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var mailbox = await db.Mailboxes.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == mailboxId && m.ProjectId == projectId && m.OperatorId == operatorId, cancellationToken);
        if (mailbox is null)
        {
            return Problems.NotFound($"There is no mailbox {mailboxId} in project {projectId}.");
        }
        if (CredentialIntake.WhyNotNeeded(project!, kind) is { } notNeeded)
        {
            return Problems.Validation("password", notNeeded);
        }
        if (CredentialIntake.WhyInvalid(password) is { } invalid)
        {
            return Problems.Validation("password", invalid);
        }

        var (outcome, stored) = await intake.ReplaceAsync(mailbox, kind, username, password!, cancellationToken);
        return outcome switch
        {
            CredentialWriteOutcome.Written => TypedResults.Accepted((string?)null, new CredentialAccepted(mailbox.Id, kind, "received", stored.StoredAt)),
            CredentialWriteOutcome.AlreadyHeld => Problems.Conflict("Another credential for this mailbox was stored at the same moment; send this one again to replace it."),
            _ => CredentialIntake.Completed(),
        };
    }
}
