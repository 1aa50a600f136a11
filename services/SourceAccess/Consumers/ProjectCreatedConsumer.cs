using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.SourceAccess.Checks;
using Migration.SourceAccess.Data;
using Migration.SourceAccess.Verification;

namespace Migration.SourceAccess.Consumers;

/// <summary>Keeps how the new project's source is reached; mailboxes or a grant that arrived first start being checked.</summary>
public sealed class ProjectCreatedConsumer(SourceAccessDbContext db) : IdempotentConsumer<ProjectCreated, SourceAccessDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProjectCreated> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        if (message.Source is not { } source || await Db.Projects.AnyAsync(p => p.Id == message.ProjectId, cancellationToken))
        {
            return;
        }
        var settings = new SourceSettings
        {
            Kind = Enum.Parse<SourceKind>(source.Kind, ignoreCase: true),
            Method = Enum.Parse<AccessMethod>(source.AccessMethod, ignoreCase: true),
            Host = source.Host, Port = source.Port, UseTls = source.UseTls, EwsUrl = source.EwsUrl, TenantId = source.TenantId,
            GoogleDomain = source.GoogleDomain,
        };
        Db.Projects.Add(new SourceProject
        {
            Id = message.ProjectId,
            OperatorId = message.OperatorId,
            Kind = settings.Kind,
            Method = settings.Method,
            Host = settings.Host,
            Port = settings.Port,
            UseTls = settings.UseTls,
            EwsUrl = settings.EwsUrl,
            TenantId = settings.TenantId,
            GoogleDomain = settings.GoogleDomain,
            SourceKey = SourceKeys.For(settings),
            MaxConcurrency = source.MaxConcurrency,
            RecheckEveryHours = source.RecheckEveryHours,
            CutoverDate = message.CutoverDate,
            GrantStatus = settings.Method == AccessMethod.Password ? GrantStatus.NotNeeded : GrantStatus.Pending,
        });
    }
}
