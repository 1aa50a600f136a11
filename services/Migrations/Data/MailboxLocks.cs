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

    /// <summary>
    /// Mailboxes by id, locked for the rest of the transaction as <see cref="LockMailboxAsync"/> does; in the order of
    /// their ids, so that two transactions locking overlapping sets wait for each other instead of deadlocking.
    /// </summary>
    public static async Task<Dictionary<Guid, Mailbox>> LockMailboxesAsync(this MigrationsDbContext db, Guid[] mailboxIds, CancellationToken cancellationToken) =>
        (await db.Mailboxes
            .FromSql($"SELECT * FROM mailboxes WHERE id = ANY({mailboxIds}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken))
        .ToDictionary(m => m.Id);

    /// <summary>The operator's project, locked for the rest of the transaction, so that events about its grant take turns.</summary>
    public static Task<Project?> LockProjectAsync(this MigrationsDbContext db, Guid projectId, Guid operatorId, CancellationToken cancellationToken) =>
        db.Projects
            .FromSql($"SELECT * FROM projects WHERE id = {projectId} FOR UPDATE")
            .SingleOrDefaultAsync(p => p.OperatorId == operatorId, cancellationToken);
}
