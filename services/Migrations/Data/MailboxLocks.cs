using Microsoft.EntityFrameworkCore;

namespace Migration.Migrations.Data;

public static class MailboxLocks
{
    /// <summary>
    /// The operator's mailbox, locked for the rest of the transaction, so that events about one mailbox take turns and
    /// each derives the state from the other's result; null when there is no such mailbox.
    /// </summary>
    public static Task<Mailbox?> LockMailboxAsync(this MigrationsDbContext db, Guid mailboxId, Guid projectId, Guid operatorId, CancellationToken cancellationToken) =>
        db.Mailboxes
            .FromSql($"SELECT * FROM mailboxes WHERE id = {mailboxId} FOR UPDATE")
            .SingleOrDefaultAsync(m => m.ProjectId == projectId && m.OperatorId == operatorId, cancellationToken);
}
