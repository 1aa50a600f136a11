using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.Contracts.Internal;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Api;

/// <summary>
/// For the credential vault, which keeps a copy of projects and mailboxes: the owner's current project and the mailboxes
/// its copy may lack, so that an operator's call there sees what an earlier call here did (docs/decisions/0013).
/// </summary>
public static class InternalProjectsApi
{
    public static IEndpointRouteBuilder MapInternalProjectsApi(this IEndpointRouteBuilder routes)
    {
        var project = routes.MapGroup("/internal/operators/{operatorId:guid}/projects/{projectId:guid}")
            .RequireInternalCaller(ResourceNames.CredentialReception);
        project.MapGet("/", GetProject);
        project.MapGet("/mailboxes", GetMailboxes);
        return routes;
    }

    internal static async Task<Results<Ok<OwnedProject>, ProblemHttpResult>> GetProject(
        Guid operatorId, Guid projectId, MigrationsDbContext db, CancellationToken cancellationToken)
    {
        var project = await db.FindProjectAsync(operatorId, projectId, cancellationToken);
        return project is null ? ProjectsApi.ProjectNotFound(projectId) : TypedResults.Ok(await db.OwnedAsync(project, cancellationToken));
    }

    internal static async Task<Results<Ok<OwnedMailboxPage>, ProblemHttpResult>> GetMailboxes(
        Guid operatorId, Guid projectId, long? afterSequence, int? limit, MigrationsDbContext db, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? OwnedProjectPaths.MaxMailboxesPerPage, 1, OwnedProjectPaths.MaxMailboxesPerPage);
        var after = afterSequence ?? 0;
        var mailboxes = await db.Mailboxes.AsNoTracking()
            .Where(m => m.ProjectId == projectId && m.OperatorId == operatorId && m.Sequence > after)
            .OrderBy(m => m.Sequence).Take(take)
            .Select(m => new OwnedMailbox(m.Sequence, m.Id, m.SourceAddress, m.DestinationUpn, m.DisplayName))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new OwnedMailboxPage(mailboxes));
    }

    /// <summary>The project as the vault's copy holds it, with how many mailboxes it has and the newest one's sequence.</summary>
    internal static async Task<OwnedProject> OwnedAsync(this MigrationsDbContext db, Project project, CancellationToken cancellationToken)
    {
        var mailboxes = await db.Mailboxes.Where(m => m.ProjectId == project.Id)
            .GroupBy(m => m.ProjectId)
            .Select(g => new { Count = g.LongCount(), Last = g.Max(m => m.Sequence) })
            .SingleOrDefaultAsync(cancellationToken);
        return new OwnedProject
        {
            ProjectId = project.Id,
            OperatorId = project.OperatorId,
            Name = project.Name,
            CustomerName = project.CustomerName,
            Requirements = RequirementsSnapshot(project.Settings),
            SourceKind = project.SourceKind.ToString(),
            SourceAccessMethod = project.SourceAccessMethod.ToString(),
            CreatedAt = project.CreatedAt,
            CompletedAt = project.CompletedAt,
            MailboxCount = mailboxes?.Count ?? 0,
            LastMailboxSequence = mailboxes?.Last ?? 0,
        };
    }

    /// <summary>How the source is reached, as ProjectCreated carries it for the source-access service.</summary>
    internal static ProjectSourceSnapshot SourceSnapshot(this Project project) => new()
    {
        Kind = project.SourceKind.ToString(),
        AccessMethod = project.SourceAccessMethod.ToString(),
        Host = project.SourceHost,
        Port = project.SourcePort,
        UseTls = project.SourceUseTls,
        EwsUrl = project.SourceEwsUrl,
        TenantId = project.SourceTenantId,
        GoogleDomain = project.SourceGoogleDomain,
        MaxConcurrency = project.SourceMaxConcurrency,
        RecheckEveryHours = project.SourceRecheckEveryHours,
    };

    /// <summary>R4/R5 as the other services read them (ProjectCreated carries the same).</summary>
    internal static ProjectRequirementsSnapshot RequirementsSnapshot(ProjectSettings settings)
    {
        var requirements = Requirements.For(settings);
        return new ProjectRequirementsSnapshot
        {
            SourcePassword = requirements.SourcePassword,
            DestinationPassword = requirements.DestinationPassword,
            OutlookAssistantDownload = requirements.OutlookAssistantDownload,
            DestinationPasswordFromEndUser = Requirements.NeedsFromEndUser(settings, false, false).DestinationPassword,
        };
    }
}
