using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Provisioning.Data;

namespace Migration.Provisioning.Consumers;

/// <summary>A completed project's jobs are dropped (a job running now finds its row gone and publishes nothing), and later requests for it are ignored.</summary>
public sealed class ProjectCompletedConsumer(ProvisioningDbContext db) : IdempotentConsumer<ProjectCompleted, ProvisioningDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProjectCompleted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO completed_projects (project_id, completed_at) VALUES ({message.ProjectId}, {message.CompletedAt}) ON CONFLICT DO NOTHING
            """, cancellationToken);
        await Db.Jobs.Where(j => j.ProjectId == message.ProjectId && j.OperatorId == message.OperatorId).ExecuteDeleteAsync(cancellationToken);
    }
}
