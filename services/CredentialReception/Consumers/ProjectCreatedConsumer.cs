using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Consumers;

/// <summary>Learns a new project's requirements, so credentials can be checked against them here.</summary>
public sealed class ProjectCreatedConsumer(CredentialsDbContext db) : IdempotentConsumer<ProjectCreated, CredentialsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProjectCreated> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        if (await Db.Projects.AnyAsync(p => p.Id == message.ProjectId, cancellationToken))
        {
            return;
        }
        Db.Projects.Add(new KnownProject
        {
            Id = message.ProjectId,
            OperatorId = message.OperatorId,
            Name = message.Name,
            CustomerName = message.CustomerName,
            OperatorName = message.OperatorName,
            SourcePasswordRequired = message.Requirements.SourcePassword,
            DestinationPasswordRequired = message.Requirements.DestinationPassword,
            DestinationPasswordFromEndUser = message.Requirements.DestinationPasswordFromEndUser,
            OutlookAssistantDownload = message.Requirements.OutlookAssistantDownload,
            SourceKind = message.SourceKind,
            SourceAccessMethod = message.SourceAccessMethod,
            CreatedAt = message.CreatedAt,
        });
    }
}
