using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Reception;
using Migration.Messaging;
using Migration.Messaging.Idempotency;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

public sealed record InvitationsResponse(int Invited, int Reminded);

/// <summary>R5: emails a reception link to every end user the project still needs something from.</summary>
public static class InvitationsApi
{
    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/projects/{projectId:guid}/invitations", Invite)
            .WithTags("Password Reception")
            .RequireAuthorization()
            .WithName("InviteEndUsers")
            .WithIdempotencyKey()
            .WithSummary("Email a reception link to every mailbox that needs something from its end user; a later call reminds only those who have not given everything.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    internal static async Task<Results<Accepted<InvitationsResponse>, ProblemHttpResult>> Invite(
        Guid projectId, ClaimsPrincipal user, CredentialIntake intake, CredentialsDbContext db, IOptions<ReceptionOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        // One invitation call per project at a time, from its start: a second one at the same moment would remind
        // everyone the first one invited.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({ProjectLock.InvitationsKey(projectId)}) AS \"Value\"")
                .SingleAsync(cancellationToken))
        {
            return Problems.Conflict("Invitations for this project are being sent by another call right now; nobody is emailed twice. Try again once it has answered.");
        }
        var (project, problem) = await intake.FindOpenProjectAsync(user, projectId, everyMailbox: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var mailboxes = await db.Mailboxes.AsNoTracking()
            .Where(m => m.ProjectId == projectId && m.OperatorId == operatorId)
            .Select(m => new
            {
                m.Id,
                HasSource = db.Credentials.Any(c => c.MailboxId == m.Id && c.Kind == CredentialKind.Source && c.RefusedReason == null),
                HasDestination = db.Credentials.Any(c => c.MailboxId == m.Id && c.Kind == CredentialKind.Destination && c.RefusedReason == null),
                Invitation = db.Invitations.FirstOrDefault(i => i.MailboxId == m.Id),
            })
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var correlationId = Guid.CreateVersion7();
        int invited = 0, reminded = 0;
        foreach (var mailbox in mailboxes)
        {
            var needs = EndUserViews.Needs(project!, mailbox.HasSource, mailbox.HasDestination);
            InvitationKind kind;
            if (mailbox.Invitation is null && needs.Any)
            {
                kind = InvitationKind.Invitation;
                invited++;
                db.Invitations.Add(new Invitation { MailboxId = mailbox.Id, ProjectId = projectId, FirstRequestedAt = now, LastRequestedAt = now, Requests = 1 });
            }
            else if (mailbox.Invitation is { } earlier && needs.AnyCredential && earlier.LastRequestedAt <= now - options.Value.MinimumReminderInterval)
            {
                kind = InvitationKind.Reminder;
                reminded++;
                earlier.LastRequestedAt = now;
                earlier.Requests++;
                db.Invitations.Update(earlier);
            }
            else
            {
                continue;
            }
            db.AddEvent(new EndUserInvitationRequested
            {
                OperatorId = operatorId, ProjectId = projectId, MailboxId = mailbox.Id, CorrelationId = correlationId, Kind = kind,
            }, clock);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted((string?)null, new InvitationsResponse(invited + reminded, reminded));
    }
}
