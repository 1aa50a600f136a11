using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Consumers;

/// <summary>Learns a project's mailboxes (addresses and names only), so credentials and invitations can find them.</summary>
public sealed class MailboxesAddedConsumer(CredentialsDbContext db) : IdempotentConsumer<MailboxesAdded, CredentialsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<MailboxesAdded> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        var ids = message.Mailboxes.Select(m => m.MailboxId).ToList();
        var known = await Db.Mailboxes.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToHashSetAsync(cancellationToken);
        Db.Mailboxes.AddRange(message.Mailboxes.Where(m => !known.Contains(m.MailboxId)).Select(m => new KnownMailbox
        {
            Id = m.MailboxId,
            ProjectId = message.ProjectId,
            OperatorId = message.OperatorId,
            SourceAddress = m.SourceAddress,
            DestinationUpn = m.DestinationUpn,
            DisplayName = m.DisplayName,
        }));
    }
}
