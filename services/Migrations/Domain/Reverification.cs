namespace Migration.Migrations.Domain;

/// <summary>R8: whether a mailbox's source access can be checked again now (<c>POST .../verify</c>).</summary>
public static class Reverification
{
    /// <summary>
    /// Why not, or null when it can: a completed project or a purged mailbox has nothing left to check, and there is
    /// nothing to check yet without a source credential (password access) or the project's grant (impersonation, OAuth).
    /// </summary>
    public static string? WhyNot(bool projectCompleted, MailboxState state, SourceAccessMethod method, bool hasSourceCredential, bool hasGrant) =>
        projectCompleted ? "The project is complete and its credentials are purged: there is nothing left to check."
        : state == MailboxState.Purged ? "The mailbox's credentials are purged: there is nothing left to check."
        : method == SourceAccessMethod.Password && !hasSourceCredential ? "No source credential has been received for this mailbox yet: there is nothing to check."
        : method != SourceAccessMethod.Password && !hasGrant ? "The project has no source-access grant yet (PUT .../source-access): there is nothing to check."
        : null;
}
