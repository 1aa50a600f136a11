using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging;

namespace Migration.CredentialReception.Consumers;

/// <summary>
/// R8: when the source refuses a password, the credential is marked refused, so the reception link asks for it again
/// and shows why; an end user who gave it, or was invited to, is asked again by email.
/// </summary>
public sealed class SourceAccessFailedConsumer(CredentialsDbContext db, TimeProvider clock)
    : IdempotentConsumer<SourceAccessFailed, CredentialsDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SourceAccessFailed> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        if (!SourceAccessReasons.CredentialRefused(message.Reason))
        {
            return;
        }
        // Only the credential that was tried: one replaced since then is gone, and its result no longer matters.
        var credential = await Db.Credentials.SingleOrDefaultAsync(c => c.Id == message.CredentialReference && c.MailboxId == message.MailboxId
                                                                         && c.OperatorId == message.OperatorId && c.Kind == CredentialKind.Source, cancellationToken);
        if (credential is null || credential.RefusedAt is not null)
        {
            return;
        }
        credential.RefusedAt = message.CheckedAt;
        credential.RefusedReason = message.Reason;

        var endUserInvolved = credential.SubmittedBy == CredentialSubmitter.EndUser
                              || await Db.Invitations.AnyAsync(i => i.MailboxId == message.MailboxId, cancellationToken);
        if (endUserInvolved)
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
