using Migration.Contracts.Events;

namespace Migration.Migrations.Domain;

public enum MailboxState { WaitingForUser, Verifying, Provisioning, Ready, Failed, Purged }

public enum SourceStatus { NotNeeded, Pending, Received, Verified, Failed }

public enum DestinationStatus { NotNeeded, Pending, Received }

public enum ProvisioningStatus { NotNeeded, Pending, Done, Failed }

public enum SourceAccessStatus { NotNeeded, Pending, Verified, Failed }

/// <summary>A mailbox's statuses; its state is derived from them and the project's requirements.</summary>
public sealed record MailboxProgress(
    MailboxState State,
    SourceStatus Source,
    DestinationStatus Destination,
    ProvisioningStatus Provisioning);

public static class MailboxStatuses
{
    public static MailboxProgress Initial(ProjectSettings settings)
    {
        var requirements = Requirements.For(settings);
        var progress = new MailboxProgress(
            MailboxState.WaitingForUser,
            SourceStatus.Pending,
            requirements.DestinationPassword ? DestinationStatus.Pending : DestinationStatus.NotNeeded,
            Requirements.RequiresProvisioning(settings) ? ProvisioningStatus.Pending : ProvisioningStatus.NotNeeded);
        return progress with { State = DeriveState(progress, requirements) };
    }

    /// <summary>A source or destination credential arrived (from the end user or an operator).</summary>
    public static MailboxProgress CredentialReceived(MailboxProgress current, bool isSource, ProjectRequirements requirements)
    {
        if (current.State == MailboxState.Purged)
        {
            return current;
        }
        var next = isSource
            ? current with { Source = SourceStatus.Received }
            : current with { Destination = DestinationStatus.Received };
        return next with { State = DeriveState(next, requirements) };
    }

    /// <summary>
    /// The source refused the mailbox's current source credential, or could not be reached with it. A password that used
    /// to work and is refused now (<see cref="SourceAccessReasons.PasswordChanged"/>, R8) is asked for again: the source
    /// is pending and the mailbox waits for its user; any other reason fails the mailbox.
    /// </summary>
    public static MailboxProgress SourceAccessFailed(MailboxProgress current, ProjectRequirements requirements, string reason)
    {
        if (current.State == MailboxState.Purged)
        {
            return current;
        }
        var next = current with { Source = reason == SourceAccessReasons.PasswordChanged ? SourceStatus.Pending : SourceStatus.Failed };
        return next with { State = DeriveState(next, requirements) };
    }

    /// <summary>The source opened the mailbox with its current credential (or the project's grant).</summary>
    public static MailboxProgress SourceAccessVerified(MailboxProgress current, ProjectRequirements requirements)
    {
        if (current.State == MailboxState.Purged)
        {
            return current;
        }
        var next = current with { Source = SourceStatus.Verified };
        return next with { State = DeriveState(next, requirements) };
    }

    /// <summary>
    /// An operator asked for the source to be checked again now: until the result comes the source shows received, so
    /// the mailbox is verifying (unless something else is still missing).
    /// </summary>
    public static MailboxProgress VerificationRequested(MailboxProgress current, ProjectRequirements requirements)
    {
        if (current.State == MailboxState.Purged)
        {
            return current;
        }
        var next = current with { Source = SourceStatus.Received };
        return next with { State = DeriveState(next, requirements) };
    }

    /// <summary>
    /// Purged stays purged; a failure shows as failed; missing credentials wait for the user; then the source must be
    /// verified, then provisioning done; only then is the mailbox ready.
    /// </summary>
    public static MailboxState DeriveState(MailboxProgress progress, ProjectRequirements requirements)
    {
        if (progress.State == MailboxState.Purged)
        {
            return MailboxState.Purged;
        }
        if (progress.Source == SourceStatus.Failed || progress.Provisioning == ProvisioningStatus.Failed)
        {
            return MailboxState.Failed;
        }
        var sourceMissing = requirements.SourcePassword && progress.Source is SourceStatus.Pending;
        var destinationMissing = requirements.DestinationPassword && progress.Destination == DestinationStatus.Pending;
        if (sourceMissing || destinationMissing)
        {
            return MailboxState.WaitingForUser;
        }
        if (progress.Source != SourceStatus.Verified)
        {
            return MailboxState.Verifying;
        }
        return progress.Provisioning == ProvisioningStatus.Pending ? MailboxState.Provisioning : MailboxState.Ready;
    }

    /// <summary>The project-level grant is needed only for impersonation and OAuth.</summary>
    public static SourceAccessStatus InitialSourceAccess(ProjectSettings settings) =>
        settings.AccessMethod == SourceAccessMethod.Password ? SourceAccessStatus.NotNeeded : SourceAccessStatus.Pending;
}
