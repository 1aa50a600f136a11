using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Internal;
using Migration.CredentialReception.Data;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Copies;

/// <summary>
/// This service's copy of the projects and mailboxes the migrations service owns. Events fill it a moment after the
/// owner commits; an operator's call that must see everything the operator did before (read-your-writes) first brings
/// the copy up to date by asking the owner, which costs one call when the copy is current (docs/decisions/0013).
/// </summary>
public sealed class ProjectCopy(CredentialsDbContext db, ProjectOwner owner)
{
    /// <summary>
    /// Brings the copy of the operator's project and its mailboxes up to what the owner holds now; false when the owner
    /// has no such project of this operator. Mailboxes are fetched only after the last sequence already copied, and only
    /// when the copy has fewer than the owner: a current copy of a large project is not fetched again.
    /// </summary>
    public async Task<bool> CatchUpAsync(ClaimsPrincipal user, Guid projectId, CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        // Counted before the owner is asked: every mailbox counted here was committed there before the owner answers, so
        // as many here as there means the same mailboxes.
        var copied = await db.Mailboxes.LongCountAsync(m => m.ProjectId == projectId && m.OperatorId == operatorId, cancellationToken);
        var owned = await owner.ProjectAsync(operatorId, projectId, cancellationToken);
        if (owned is null)
        {
            return false;
        }
        await RecordAsync(owned, user.GetOperatorName(), cancellationToken);
        var copiedThrough = await db.Projects.Where(p => p.Id == projectId).Select(p => p.MailboxesCopiedThrough).SingleAsync(cancellationToken);
        if (copied >= owned.MailboxCount)
        {
            await AdvanceAsync(projectId, owned.LastMailboxSequence, cancellationToken);
            return true;
        }
        while (copiedThrough < owned.LastMailboxSequence)
        {
            var page = await owner.MailboxesAsync(operatorId, projectId, copiedThrough, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            await AddMailboxesAsync(owned, page, cancellationToken);
            copiedThrough = page[^1].Sequence;
            await AdvanceAsync(projectId, copiedThrough, cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// The project's source kind and access method; a copy made before they were kept asks the owner once and keeps
    /// them. Null when the owner cannot be asked.
    /// </summary>
    public async Task<(string Kind, string AccessMethod)?> SourceOfAsync(ClaimsPrincipal user, KnownProject project, CancellationToken cancellationToken)
    {
        if (project is { SourceKind: { } kind, SourceAccessMethod: { } method })
        {
            return (kind, method);
        }
        OwnedProject? owned;
        try
        {
            owned = await owner.ProjectAsync(user.GetOperatorId(), project.Id, cancellationToken);
        }
        catch (Exception ex) when (InternalServices.IsUnreachable(ex))
        {
            return null;
        }
        if (owned is not { SourceKind: { } ownedKind, SourceAccessMethod: { } ownedMethod })
        {
            return null;
        }
        await db.Projects.Where(p => p.Id == project.Id && p.SourceKind == null)
            .ExecuteUpdateAsync(update => update.SetProperty(p => p.SourceKind, ownedKind).SetProperty(p => p.SourceAccessMethod, ownedMethod), cancellationToken);
        return (ownedKind, ownedMethod);
    }

    /// <summary>Adds the project to the copy unless it is there (ProjectCreated may bring it later, and then changes nothing).</summary>
    public Task RecordAsync(OwnedProject owned, string operatorName, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO projects (id, operator_id, name, customer_name, operator_name, source_password_required, destination_password_required,
                                  destination_password_from_end_user, outlook_assistant_download, source_kind, source_access_method,
                                  created_at, completed_at, mailboxes_copied_through)
            VALUES ({owned.ProjectId}, {owned.OperatorId}, {owned.Name}, {owned.CustomerName}, {operatorName}, {owned.Requirements.SourcePassword},
                    {owned.Requirements.DestinationPassword}, {owned.Requirements.DestinationPasswordFromEndUser},
                    {owned.Requirements.OutlookAssistantDownload}, {owned.SourceKind}, {owned.SourceAccessMethod}, {owned.CreatedAt},
                    {owned.CompletedAt}, 0)
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);

    /// <summary>
    /// Mailboxes the copy already has (from MailboxesAdded) are left as they are. Inserted in id order, the order in which
    /// EF inserts MailboxesAdded's rows: a consumer inserting the same mailboxes at the same moment then waits for this
    /// transaction instead of deadlocking with it (it took the unique index's entries in another order).
    /// </summary>
    private Task AddMailboxesAsync(OwnedProject owned, IReadOnlyList<OwnedMailbox> mailboxes, CancellationToken cancellationToken)
    {
        var ids = mailboxes.Select(m => m.MailboxId).ToArray();
        var addresses = mailboxes.Select(m => m.SourceAddress).ToArray();
        var upns = mailboxes.Select(m => m.DestinationUpn).ToArray();
        var names = mailboxes.Select(m => m.DisplayName).ToArray();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO mailboxes (id, project_id, operator_id, source_address, destination_upn, display_name)
            SELECT m.id, {owned.ProjectId}, {owned.OperatorId}, m.source_address, m.destination_upn, m.display_name
            FROM unnest({ids}, {addresses}, {upns}, {names}) AS m(id, source_address, destination_upn, display_name)
            ORDER BY m.id
            ON CONFLICT DO NOTHING
            """, cancellationToken);
    }

    private Task AdvanceAsync(Guid projectId, long sequence, CancellationToken cancellationToken) =>
        db.Projects.Where(p => p.Id == projectId && p.MailboxesCopiedThrough < sequence)
            .ExecuteUpdateAsync(update => update.SetProperty(p => p.MailboxesCopiedThrough, sequence), cancellationToken);
}
