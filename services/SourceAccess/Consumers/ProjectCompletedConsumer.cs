using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Consumers;

/// <summary>A completed project's credentials are purged: nothing of it is checked any more.</summary>
public sealed class ProjectCompletedConsumer(SourceAccessDbContext db) : IdempotentConsumer<ProjectCompleted, SourceAccessDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProjectCompleted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        await Db.Projects.Where(p => p.Id == message.ProjectId && p.OperatorId == message.OperatorId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.CompletedAt, message.CompletedAt).SetProperty(x => x.GrantCheckDueAt, (DateTimeOffset?)null), cancellationToken);
        await Db.Mailboxes.Where(m => m.ProjectId == message.ProjectId)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.DueAt, (DateTimeOffset?)null), cancellationToken);
    }
}
