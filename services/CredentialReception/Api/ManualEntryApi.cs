using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
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
    private static readonly string BodyLimit =
        $"The body is at most {UploadLimits.Describe(UploadLimits.BodyBytes)}; a password is at most {CredentialIntake.MaxPasswordLength} characters, without U+0000.";

    public static IEndpointRouteBuilder MapManualEntryApi(this IEndpointRouteBuilder routes)
    {
        var credentials = routes.MapGroup("/v1/projects/{projectId:guid}/mailboxes/{mailboxId:guid}/credentials")
            .WithTags("Credentials").RequireAuthorization();
        credentials.MapPut("/source", PutSource)
            .WithName("PutSourceCredential")
            .WithSummary("Enter a mailbox's source credential (password access only); verification follows.")
            .WithDescription(BodyLimit)
            .Accepts<SourceCredentialRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        credentials.MapPut("/destination", PutDestination)
            .WithName("PutDestinationCredential")
            .WithSummary("Enter a mailbox's destination (Microsoft 365) password, when the project needs it (R4).")
            .WithDescription(BodyLimit)
            .Accepts<DestinationCredentialRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    internal static async Task<Results<Accepted<CredentialAccepted>, ProblemHttpResult>> PutSource(
        Guid projectId, Guid mailboxId, JsonBody<SourceCredentialRequest> body, ClaimsPrincipal user, CredentialIntake intake, CancellationToken cancellationToken)
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
        if (!StorableText.IsStorable(username))
        {
            return Problems.Validation("username", StorableText.Error("username"));
        }
        return await StoreAsync(projectId, mailboxId, CredentialKind.Source, username, body.Value.Password, user, intake, cancellationToken);
    }

    internal static async Task<Results<Accepted<CredentialAccepted>, ProblemHttpResult>> PutDestination(
        Guid projectId, Guid mailboxId, JsonBody<DestinationCredentialRequest> body, ClaimsPrincipal user, CredentialIntake intake, CancellationToken cancellationToken)
    {
        return body.Problem is not null
            ? body.Problem
            : await StoreAsync(projectId, mailboxId, CredentialKind.Destination, null, body.Value!.Password, user, intake, cancellationToken);
    }

    private static async Task<Results<Accepted<CredentialAccepted>, ProblemHttpResult>> StoreAsync(Guid projectId, Guid mailboxId, CredentialKind kind,
        string? username, string? password, ClaimsPrincipal user, CredentialIntake intake, CancellationToken cancellationToken)
    {
        var (project, problem) = await intake.FindOpenProjectAsync(user, projectId, everyMailbox: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var (mailbox, missing) = await intake.FindMailboxAsync(user, projectId, mailboxId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }
        if (CredentialIntake.WhyNotNeeded(project!, kind) is { } notNeeded)
        {
            return Problems.Validation("password", notNeeded);
        }
        if (CredentialIntake.WhyInvalid(password) is { } invalid)
        {
            return Problems.Validation("password", invalid);
        }

        var (outcome, stored) = await intake.ReplaceAsync(mailbox!, kind, username, password!, cancellationToken);
        return outcome switch
        {
            CredentialWriteOutcome.Written => TypedResults.Accepted((string?)null, new CredentialAccepted(mailbox!.Id, kind, "received", stored.StoredAt)),
            CredentialWriteOutcome.AlreadyHeld => Problems.Conflict("Another credential for this mailbox was stored at the same moment; send this one again to replace it."),
            _ => CredentialIntake.Completed(),
        };
    }
}
