using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;
using Migration.Migrations.Vault;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Api;

public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        var projects = routes.MapGroup("/v1/projects").WithTags("Projects").RequireAuthorization();

        projects.MapPost("/", CreateProject)
            .WithName("CreateProject")
            .WithSummary("Create a migration project; its settings are checked against rules R1–R4.")
            .WithDescription($"The body is at most {UploadLimits.Describe(UploadLimits.BodyBytes)}; a text field with U+0000 is refused with 400.")
            .TakesProjectBody();
        projects.MapPost("/preview", PreviewProject)
            .WithName("PreviewProject")
            .WithSummary("The requirements (R5) a project with these settings would have, checked like a creation (R1–R4); nothing is saved.")
            .WithDescription($"Takes exactly the body of POST /v1/projects and answers its 400 and 422 problems for the same body. The body is at most {UploadLimits.Describe(UploadLimits.BodyBytes)}.")
            .TakesProjectBody();
        projects.MapGet("/", ListProjects).WithName("ListProjects").WithSummary("The operator's projects, newest first.");
        projects.MapGet("/{projectId:guid}", GetProject).WithName("GetProject").WithSummary("One project with its requirements.");
        projects.MapPost("/{projectId:guid}/complete", CompleteProject)
            .WithName("CompleteProject")
            .WithSummary("Complete the project: its credentials are purged and later credential calls answer 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    internal static async Task<Results<Created<ProjectResponse>, ProblemHttpResult>> CreateProject(
        JsonBody<CreateProjectRequest> body, ClaimsPrincipal user, MigrationsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Passes(body, out var settings, out var problem))
        {
            return problem;
        }

        var project = ProjectRequestValidator.ToProject(body.Value!, settings, user.GetOperatorId(), clock.GetUtcNow());
        db.Projects.Add(project);
        db.AddEvent(new ProjectCreated
        {
            OperatorId = project.OperatorId,
            ProjectId = project.Id,
            CorrelationId = Guid.CreateVersion7(),
            Name = project.Name,
            CustomerName = project.CustomerName,
            OperatorName = user.GetOperatorName(),
            SourceKind = project.SourceKind.ToString(),
            SourceAccessMethod = project.SourceAccessMethod.ToString(),
            Requirements = InternalProjectsApi.RequirementsSnapshot(settings),
            CreatedAt = project.CreatedAt,
            Source = project.SourceSnapshot(),
            CutoverDate = project.CutoverDate,
        }, clock);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/projects/{project.Id}", project.ToResponse());
    }

    internal static Results<Ok<ProjectPreviewResponse>, ProblemHttpResult> PreviewProject(JsonBody<CreateProjectRequest> body) =>
        Passes(body, out var settings, out var problem)
            ? TypedResults.Ok(new ProjectPreviewResponse(Requirements.For(settings).ToResponse()))
            : problem;

    /// <summary>The body's settings, or its problem (field errors, 400, before rules, 422): one check for creating and for previewing.</summary>
    private static bool Passes(JsonBody<CreateProjectRequest> body,
        [NotNullWhen(true)] out ProjectSettings? settings, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        settings = null;
        problem = body.Problem;
        if (problem is not null)
        {
            return false;
        }
        var errors = ProjectRequestValidator.Validate(body.Value!);
        if (errors.Count > 0)
        {
            problem = Problems.Validation(errors);
            return false;
        }
        settings = ProjectRequestValidator.ToSettings(body.Value!);
        if (ProjectRules.Check(settings) is { } violation)
        {
            problem = Problems.RuleViolated(violation.Rule, violation.Detail);
            return false;
        }
        return true;
    }

    internal static async Task<Results<Ok<PagedList<ProjectResponse>>, ProblemHttpResult>> ListProjects(
        int? page, int? pageSize, ClaimsPrincipal user, MigrationsDbContext db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }
        var operatorId = user.GetOperatorId();
        var query = db.Projects.AsNoTracking().Where(p => p.OperatorId == operatorId);
        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<ProjectResponse>(items.Select(p => p.ToResponse()).ToList(), paging.Page, paging.PageSize, total));
    }

    internal static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetProject(
        Guid projectId, ClaimsPrincipal user, MigrationsDbContext db, CancellationToken cancellationToken)
    {
        var project = await db.FindProjectAsync(user.GetOperatorId(), projectId, cancellationToken);
        return project is null ? ProjectNotFound(projectId) : TypedResults.Ok(project.ToResponse());
    }

    internal static async Task<Results<Accepted<ProjectResponse>, ProblemHttpResult>> CompleteProject(
        Guid projectId, ClaimsPrincipal user, MigrationsDbContext db, VaultProjects vault, TimeProvider clock, CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == projectId && p.OperatorId == operatorId, cancellationToken);
        if (project is null)
        {
            return ProjectNotFound(projectId);
        }
        if (project.CompletedAt is null)
        {
            project.CompletedAt = clock.GetUtcNow();
            db.AddEvent(new ProjectCompleted
            {
                OperatorId = operatorId,
                ProjectId = projectId,
                CorrelationId = Guid.CreateVersion7(),
                CompletedAt = project.CompletedAt.Value,
            }, clock);
            await db.SaveChangesAsync(cancellationToken);
        }
        // Read-your-writes: the vault's copy of the project is closed before the operator hears that it is complete
        // (ProjectCompleted then purges it). A retry of this call closes it again.
        try
        {
            await vault.CloseAsync(await db.OwnedAsync(project, cancellationToken), user.GetOperatorName(), cancellationToken);
        }
        catch (Exception ex) when (InternalServices.IsUnreachable(ex))
        {
            return Problems.Unavailable("The project is recorded as complete, but the credential vault could not be told yet; call complete again.");
        }
        return TypedResults.Accepted($"/v1/projects/{projectId}", project.ToResponse());
    }

    /// <summary>The body and the problems of a call that takes a project's settings: creating and previewing alike.</summary>
    private static RouteHandlerBuilder TakesProjectBody(this RouteHandlerBuilder endpoint) => endpoint
        .Accepts<CreateProjectRequest>("application/json")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Another operator's project answers exactly like one that does not exist.</summary>
    internal static ProblemHttpResult ProjectNotFound(Guid projectId) => Problems.NotFound($"There is no project {projectId}.");

    internal static Task<Project?> FindProjectAsync(this MigrationsDbContext db, Guid operatorId, Guid projectId, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId && p.OperatorId == operatorId, cancellationToken);
}
