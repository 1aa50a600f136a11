using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Contracts;
using Migration.Contracts.Reception;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Reception;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

/// <summary>For the notification service: an end user's contact details with a fresh reception link (the token leaves only here).</summary>
public static class InternalReceptionApi
{
    public static IEndpointRouteBuilder MapInternalReceptionApi(this IEndpointRouteBuilder routes)
    {
        var mailboxes = routes.MapGroup("/internal/mailboxes/{mailboxId:guid}")
            .RequireInternalCaller(ResourceNames.Notification).ExcludeFromDescription();
        mailboxes.MapPost("/reception-link", (Guid mailboxId, CredentialsDbContext db, EndUserLookup lookup, ReceptionTokens tokens, IOptions<ReceptionOptions> options,
            CancellationToken ct) => WithNewLinkAsync(mailboxId, db, lookup, tokens, options.Value, ct));
        routes.MapGet("/internal/projects/{projectId:guid}/invited-contacts", InvitedContactsAsync)
            .RequireInternalCaller(ResourceNames.Notification).ExcludeFromDescription();
        return routes;
    }

    internal static async Task<Ok<List<EndUserContact>>> InvitedContactsAsync(Guid projectId, CredentialsDbContext db, IOptions<ReceptionOptions> options,
        CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null)
        {
            return TypedResults.Ok(new List<EndUserContact>());
        }
        var invited = await db.Mailboxes.AsNoTracking()
            .Where(m => m.ProjectId == projectId && db.Invitations.Any(i => i.MailboxId == m.Id))
            .ToListAsync(cancellationToken);
        var none = new EndUserNeeds(false, false, false);
        return TypedResults.Ok(invited.Select(m => new EndUserContact(m.Id, m.SourceAddress, m.DisplayName, project.CustomerName, project.OperatorName,
            project.Name, none, null, null, options.Value.OutlookAssistantDownloadUrl)).ToList());
    }

    internal static async Task<Results<Ok<EndUserContact>, ProblemHttpResult>> WithNewLinkAsync(
        Guid mailboxId, CredentialsDbContext db, EndUserLookup lookup, ReceptionTokens tokens, ReceptionOptions options, CancellationToken cancellationToken)
    {
        var loaded = await lookup.ByMailboxAsync(mailboxId, cancellationToken);
        if (loaded is null)
        {
            return Problems.NotFound($"There is no mailbox {mailboxId}.");
        }
        var (mailbox, project, view) = loaded.Value;
        if (project.PurgedAt is not null)
        {
            return Problems.Conflict("The project is complete: no more reception links.");
        }
        var (token, link) = tokens.Issue(mailbox);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new EndUserContact(mailbox.Id, mailbox.SourceAddress, mailbox.DisplayName, project.CustomerName, project.OperatorName,
            project.Name, view.Needs, tokens.Url(token), link.ExpiresAt, options.OutlookAssistantDownloadUrl));
    }
}
