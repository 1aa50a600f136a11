using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Api;

public static class ReadinessApi
{
    public static IEndpointRouteBuilder MapReadinessApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/projects/{projectId:guid}/readiness", GetReadiness)
            .WithTags("Readiness")
            .WithName("GetReadiness")
            .WithSummary("Counts by state, failures by reason, the mailboxes whose passwords expire before the cutover (R9), and recommendations.")
            .WithDescription("Counted by the database in one pass over the project's mailboxes (the expiry-risk rows in a second query when there are any). `failuresByReason` counts failed mailboxes by reason, and also those waiting for their users after `passwordChanged` or `passwordRejected`. `recommendations` covers expiring passwords (with the two remedies of R9), each failure reason with what to do about it, and mailboxes still waiting.")
            .RequireAuthorization();
        return routes;
    }

    internal static async Task<Results<Ok<ReadinessResponse>, ProblemHttpResult>> GetReadiness(
        Guid projectId, ClaimsPrincipal user, MigrationsDbContext db, CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var project = await db.FindProjectAsync(operatorId, projectId, cancellationToken);
        if (project is null)
        {
            return ProjectsApi.ProjectNotFound(projectId);
        }

        var mailboxes = db.Mailboxes.AsNoTracking().Where(m => m.ProjectId == projectId && m.OperatorId == operatorId);
        // One pass over the project's mailboxes counts them by state and by failure reason, those whose password expires
        // by the cutover (R9) and those without a last-set date: the database reads each row once, whatever the size.
        // A mailbox whose password changed since it worked (R8), or whose destination password Microsoft 365 refused in a
        // reception project (R7), waits for its user, and still counts as a failure of its reason.
        var cutover = project.CutoverDate;
        var groups = await mailboxes
            .GroupBy(m => new
            {
                m.State,
                FailureReason = m.State == MailboxState.Failed
                                || (m.State == MailboxState.WaitingForUser && (m.SourceReason == SourceAccessReasons.PasswordChanged
                                                                               || m.DestinationReason == ProvisioningReasons.PasswordRejected))
                    ? m.SourceReason ?? m.ProvisioningReason ?? m.DestinationReason ?? "unknown"
                    : null,
            })
            .Select(g => new
            {
                g.Key.State,
                g.Key.FailureReason,
                Count = g.Count(),
                AtRisk = g.Count(m => cutover != null && m.PasswordExpires != null && m.PasswordExpires <= cutover),
                WithoutLastSet = g.Count(m => m.PasswordLastSet == null),
            })
            .ToListAsync(cancellationToken);
        var byState = groups.GroupBy(g => g.State).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var failures = groups.Where(g => g.FailureReason is not null).GroupBy(g => g.FailureReason!)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var riskTotal = groups.Sum(g => g.AtRisk);
        var withoutLastSet = project.PasswordMaxAgeDays is null ? 0 : groups.Sum(g => g.WithoutLastSet);
        List<ExpiryRiskItem> risk = riskTotal == 0
            ? []
            : await mailboxes.Where(m => m.PasswordExpires != null && m.PasswordExpires <= cutover)
                .OrderBy(m => m.PasswordExpires).ThenBy(m => m.Sequence).Take(ReadinessResponse.ExpiryRiskLimit)
                .Select(m => new ExpiryRiskItem(m.Id, m.SourceAddress, m.PasswordExpires!.Value))
                .ToListAsync(cancellationToken);

        int Count(MailboxState state) => byState.GetValueOrDefault(state);
        return TypedResults.Ok(new ReadinessResponse
        {
            Total = byState.Values.Sum(),
            Ready = Count(MailboxState.Ready),
            WaitingForUser = Count(MailboxState.WaitingForUser),
            Verifying = Count(MailboxState.Verifying),
            Provisioning = Count(MailboxState.Provisioning),
            Failed = Count(MailboxState.Failed),
            Purged = Count(MailboxState.Purged),
            FailuresByReason = failures,
            ExpiryRisk = risk,
            ExpiryRiskTotal = riskTotal,
            Recommendations = ReadinessRecommendations.For(new ReadinessFigures(
                byState.Values.Sum(), Count(MailboxState.Ready), Count(MailboxState.WaitingForUser), Count(MailboxState.Failed), failures,
                riskTotal, withoutLastSet, project.PasswordMaxAgeDays, project.CutoverDate, Requirements.For(project.Settings).EndUserInvolved)),
        });
    }
}
