using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Messaging.Redelivery;
using Migration.SourceAccess.Data;

namespace Migration.SourceAccess.Consumers;

/// <summary>A project's new impersonation/OAuth grant is checked at once, before any mailbox is tried with it.</summary>
public sealed class SourceAccessGrantSubmittedConsumer(SourceAccessDbContext db, TimeProvider clock)
    : IdempotentConsumer<SourceAccessGrantSubmitted, SourceAccessDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessGrantSubmitted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var project = await Db.Projects.SingleOrDefaultAsync(p => p.Id == message.ProjectId && p.OperatorId == message.OperatorId, cancellationToken)
            ?? throw new NotYetKnownException($"Grant for project {message.ProjectId}, not known here yet.");
        if (project.GrantReference is { } current && message.CredentialReference.CompareTo(current) <= 0)
        {
            return;
        }
        project.GrantReference = message.CredentialReference;
        project.GrantTestMailbox = message.TestMailbox;
        project.GrantStatus = GrantStatus.Pending;
        project.GrantReason = null;
        project.GrantCheckDueAt = clock.GetUtcNow();
        project.GrantCheckClaimedUntil = null;
    }
}
