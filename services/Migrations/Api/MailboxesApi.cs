using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Messaging.Idempotency;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;
using Migration.Migrations.Import;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Api;

public static class MailboxesApi
{
    /// <summary>Longer than any e-mail address (RFC 5321: 254).</summary>
    private const int MaxSearchLength = 320;

    public static IEndpointRouteBuilder MapMailboxesApi(this IEndpointRouteBuilder routes)
    {
        var mailboxes = routes.MapGroup("/v1/projects/{projectId:guid}/mailboxes").WithTags("Mailboxes").RequireAuthorization();

        mailboxes.MapPost("/", AddMailboxes)
            .WithName("AddMailboxes")
            .WithIdempotencyKey(UploadLimits.CsvBytes)
            .WithSummary("Add mailboxes as JSON or as text/csv with a header row; each bad row is rejected on its own.")
            .WithDescription($"A text/csv body is at most {UploadLimits.Describe(UploadLimits.CsvBytes)} (500,000 mailboxes take about 80 MB), " +
                             "in UTF-8 unless its charset says us-ascii or utf-16; a byte that is not valid in it is refused with 400. " +
                             $"A JSON body is at most {UploadLimits.Describe(UploadLimits.JsonMailboxesBytes)} (at least 10,000 mailboxes). " +
                             $"The answer lists at most the first {UploadLimits.ListedRejectedRows} rejected rows; rejectedCount counts them all. " +
                             "Text fields with U+0000 reject their row.")
            .Accepts<AddMailboxesRequest>("application/json", "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        mailboxes.MapGet("/", ListMailboxes).WithName("ListMailboxes")
            .WithSummary("A project's mailboxes, paged, optionally by state and by part of the source address (search).");
        mailboxes.MapGet("/{mailboxId:guid}", GetMailbox).WithName("GetMailbox").WithSummary("One mailbox with its statuses.");
        mailboxes.MapPost("/{mailboxId:guid}/verify", MailboxVerification.RequestAsync)
            .WithName("VerifyMailbox")
            .WithSummary("Check the mailbox's source access again now (R8): it shows verifying until the result comes.")
            .WithDescription("The source credential (password access) or the project's grant (impersonation, OAuth) is tried again; " +
                             "409 when the project is complete, the mailbox is purged, or there is nothing to check yet.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    internal static async Task<Results<Ok<AddMailboxesResponse>, ProblemHttpResult>> AddMailboxes(
        Guid projectId, MailboxUpload upload, ClaimsPrincipal user, MigrationsDbContext db, MailboxImporter importer, CancellationToken cancellationToken)
    {
        if (upload.Problem is not null)
        {
            return upload.Problem;
        }
        var project = await db.FindProjectAsync(user.GetOperatorId(), projectId, cancellationToken);
        if (project is null)
        {
            return ProjectsApi.ProjectNotFound(projectId);
        }

        try
        {
            return TypedResults.Ok(await importer.ImportAsync(project, upload.Rows(cancellationToken), Guid.CreateVersion7(), cancellationToken));
        }
        catch (MailboxCsvHeaderException ex)
        {
            return Problems.Validation("header", ex.Message);
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            return Problems.Validation("csv", $"The CSV could not be read at record {ex.RecordNumber}; nothing was added.");
        }
        catch (DecoderFallbackException)
        {
            return CsvUpload.NotDecodable(upload.CsvEncoding!);
        }
    }

    internal static async Task<Results<Ok<PagedList<MailboxResponse>>, ProblemHttpResult>> ListMailboxes(
        Guid projectId, string? state, string? search, int? page, int? pageSize, ClaimsPrincipal user, MigrationsDbContext db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var paging, out var problem)
            || !QueryEnum.TryParse<MailboxState>(state, nameof(state), out var wantedState, out problem))
        {
            return problem!;
        }
        if (search is { Length: > MaxSearchLength } || search?.Contains('\0') == true)
        {
            return Problems.Validation(nameof(search), $"At most {MaxSearchLength} characters, without U+0000.");
        }
        var operatorId = user.GetOperatorId();
        if (await db.FindProjectAsync(operatorId, projectId, cancellationToken) is null)
        {
            return ProjectsApi.ProjectNotFound(projectId);
        }
        var query = db.Mailboxes.AsNoTracking().Where(m => m.ProjectId == projectId && m.OperatorId == operatorId);
        if (wantedState is { } wanted)
        {
            query = query.Where(m => m.State == wanted);
        }
        if (search?.Trim() is { Length: > 0 } term)
        {
            // Part of the source address, in any case; LIKE's own characters are matched as themselves.
            var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(m => EF.Functions.ILike(m.SourceAddress, pattern));
        }
        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderBy(m => m.Sequence).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<MailboxResponse>(items.Select(m => m.ToResponse()).ToList(), paging.Page, paging.PageSize, total));
    }

    internal static async Task<Results<Ok<MailboxResponse>, ProblemHttpResult>> GetMailbox(
        Guid projectId, Guid mailboxId, ClaimsPrincipal user, MigrationsDbContext db, CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var mailbox = await db.Mailboxes.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == mailboxId && m.ProjectId == projectId && m.OperatorId == operatorId, cancellationToken);
        return mailbox is null ? Problems.NotFound($"There is no mailbox {mailboxId} in project {projectId}.") : TypedResults.Ok(mailbox.ToResponse());
    }
}
