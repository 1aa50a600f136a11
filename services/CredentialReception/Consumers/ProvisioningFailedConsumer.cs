using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Consumers;

/// <summary>
/// R7: when Microsoft 365 refuses a destination password (complexity), the credential is marked refused, so the reception
/// link asks for it again; in a project whose end users give their destination password (Password Reception), the end
/// user is asked again by email. The migrations service, hearing the same event, puts the mailbox back to waiting.
/// </summary>
public sealed class ProvisioningFailedConsumer(CredentialsDbContext db, TimeProvider clock)
    : IdempotentConsumer<ProvisioningFailed, CredentialsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProvisioningFailed> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        if (message.Reason != ProvisioningReasons.PasswordRejected)
        {
            return;
        }
        // Only the credential that was tried: one replaced since then is gone, and its result no longer matters.
        var credential = await Db.Credentials.SingleOrDefaultAsync(c => c.Id == message.DestinationCredentialReference && c.MailboxId == message.MailboxId
                                                                         && c.OperatorId == message.OperatorId && c.Kind == CredentialKind.Destination, cancellationToken);
        if (credential is null || credential.RefusedAt is not null)
        {
            return;
        }
        credential.RefusedAt = message.FailedAt;
        credential.RefusedReason = message.Reason;

        var fromEndUser = await Db.Projects.AnyAsync(p => p.Id == message.ProjectId && p.OperatorId == message.OperatorId
                                                          && p.DestinationPasswordFromEndUser && p.CompletedAt == null, cancellationToken);
        if (fromEndUser)
        {
            Db.AddEvent(new EndUserInvitationRequested
            {
                OperatorId = message.OperatorId,
                ProjectId = message.ProjectId,
                MailboxId = message.MailboxId,
                CorrelationId = message.CorrelationId,
                Kind = InvitationKind.ReRequest,
            }, clock);
        }
    }
}
