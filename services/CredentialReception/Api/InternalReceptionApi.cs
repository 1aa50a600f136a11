using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Reception;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

/// <summary>Who an end user is, for an email; with <see cref="ReceptionUrl"/> only when a link was asked for.</summary>
public sealed record EndUserContact(
    Guid MailboxId, string Recipient, string? DisplayName, string CustomerName, string OperatorName, string ProjectName,
    EndUserNeeds Needs, string? ReceptionUrl, DateTimeOffset? ExpiresAt, string OutlookAssistantDownloadUrl);

/// <summary>For the notification service: an end user's contact details, and fresh reception links (the token leaves only here).</summary>
public static class InternalReceptionApi
{
    public static IEndpointRouteBuilder MapInternalReceptionApi(this IEndpointRouteBuilder routes)
    {
        var mailboxes = routes.MapGroup("/internal/mailboxes/{mailboxId:guid}")
            .RequireAuthorization(OperatorClaims.InternalServicePolicy).ExcludeFromDescription();
        mailboxes.MapGet("/contact", (Guid mailboxId, CredentialsDbContext db, ReceptionTokens tokens, Microsoft.Extensions.Options.IOptions<ReceptionOptions> options, CancellationToken ct) =>
            ContactAsync(mailboxId, issueLink: false, db, tokens, options.Value, ct));
        mailboxes.MapPost("/reception-link", (Guid mailboxId, CredentialsDbContext db, ReceptionTokens tokens, Microsoft.Extensions.Options.IOptions<ReceptionOptions> options, CancellationToken ct) =>
            ContactAsync(mailboxId, issueLink: true, db, tokens, options.Value, ct));
        routes.MapGet("/internal/projects/{projectId:guid}/invited-contacts", InvitedContactsAsync)
            .RequireAuthorization(OperatorClaims.InternalServicePolicy).ExcludeFromDescription();
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

    internal static async Task<Results<Ok<EndUserContact>, ProblemHttpResult>> ContactAsync(
        Guid mailboxId, bool issueLink, CredentialsDbContext db, ReceptionTokens tokens, ReceptionOptions options, CancellationToken cancellationToken)
    {
        var mailbox = await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mailboxId, cancellationToken);
        if (mailbox is null)
        {
            return Problems.NotFound($"There is no mailbox {mailboxId}.");
        }
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == mailbox.ProjectId, cancellationToken);
        if (issueLink && project.PurgedAt is not null)
        {
            return Problems.Conflict("The project is complete: no more reception links.");
        }
        var view = await EndUserViews.BuildAsync(db, mailbox, cancellationToken);
        string? url = null;
        DateTimeOffset? expires = null;
        if (issueLink)
        {
            var (token, link) = tokens.Issue(mailbox);
            await db.SaveChangesAsync(cancellationToken);
            url = tokens.Url(token);
            expires = link.ExpiresAt;
        }
        return TypedResults.Ok(new EndUserContact(mailbox.Id, mailbox.SourceAddress, mailbox.DisplayName, project.CustomerName, project.OperatorName,
            project.Name, view.Needs, url, expires, options.OutlookAssistantDownloadUrl));
    }
}
