using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.Contracts.Internal;
using Migration.CredentialReception.Copies;
using Migration.CredentialReception.Data;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

/// <summary>For the migrations service, which owns the projects: completing one closes it here before the operator is answered.</summary>
public static class InternalProjectsApi
{
    public static IEndpointRouteBuilder MapInternalProjectsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/internal/projects/{projectId:guid}/close", CloseAsync).RequireInternalCaller(ResourceNames.MigrationsService);
        routes.MapGet("/internal/operators/{operatorId:guid}/projects/{projectId:guid}/mailboxes/{mailboxId:guid}/source-references", SourceReferencesAsync)
            .RequireInternalCaller(ResourceNames.MigrationsService);
        return routes;
    }

    /// <summary>What there is to check for a mailbox's source now: its source credential and its project's grant, by reference.</summary>
    internal static async Task<Ok<SourceReferences>> SourceReferencesAsync(Guid operatorId, Guid projectId, Guid mailboxId, CredentialsDbContext db,
        CancellationToken cancellationToken)
    {
        var held = await db.Credentials.AsNoTracking()
            .Where(c => c.OperatorId == operatorId && c.ProjectId == projectId
                        && ((c.MailboxId == mailboxId && c.Kind == CredentialKind.Source) || (c.MailboxId == projectId && c.Kind == CredentialKind.SourceAccessGrant)))
            .Select(c => new { c.Id, c.Kind })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new SourceReferences(
            held.FirstOrDefault(c => c.Kind == CredentialKind.Source)?.Id,
            held.FirstOrDefault(c => c.Kind == CredentialKind.SourceAccessGrant)?.Id));
    }

    /// <summary>
    /// Marks the project completed, so every later credential call answers 409; ProjectCompleted then purges it. The
    /// project's lock is held exclusively, as a purge holds it: a credential write in flight commits first (and is purged
    /// with the rest), a later one finds the project closed.
    /// </summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> CloseAsync(Guid projectId, CloseProjectRequest request, CredentialsDbContext db,
        ProjectCopy copy, CancellationToken cancellationToken)
    {
        if (request.Project is not { } owned || owned.ProjectId != projectId || owned.CompletedAt is not { } completedAt)
        {
            return Problems.Validation("project", "The project to close is the one in the path, with the time it was completed.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ProjectLock.Key(projectId)})", cancellationToken);
        await copy.RecordAsync(owned, request.OperatorName, cancellationToken);
        await db.Projects.Where(p => p.Id == projectId && p.OperatorId == owned.OperatorId && p.CompletedAt == null)
            .ExecuteUpdateAsync(update => update.SetProperty(p => p.CompletedAt, completedAt), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
