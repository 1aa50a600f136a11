namespace Migration.Migrations.Domain;

/// <summary>
/// When a project is announced ready (ProjectReady): each time every one of its mailboxes is ready and it was not
/// announced since it last was not. A mailbox falling back from ready (a changed password, a new destination password to
/// provision) or new mailboxes clear the announcement, so the project is announced again once they are all ready again;
/// never twice without a fall-back in between. See docs/decisions/0021r-mailbox-readiness-events.md.
/// </summary>
public static class ProjectReadiness
{
    /// <summary>The project's new announcement time, and whether ProjectReady is to be published now.</summary>
    public static (DateTimeOffset? ReadyAt, bool Announce) Next(DateTimeOffset? readyAt, bool everyMailboxReady, DateTimeOffset now) =>
        (everyMailboxReady, readyAt) switch
        {
            (true, null) => (now, true),
            (true, { } since) => (since, false),
            (false, _) => (null, false),
        };
}
