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

/// <summary>The events a mailbox's change of state calls for; see <see cref="MailboxStatuses.Transition"/>.</summary>
public sealed record MailboxTransition(bool RequestProvisioning, bool BecameReady, bool BecameFailed, bool LeftReady)
{
    public bool ChangesProjectReadiness => BecameReady || LeftReady;
}

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
        // A new destination password must be set on the account again, so provisioning (when the project needs it) is to do.
        var next = isSource
            ? current with { Source = SourceStatus.Received }
            : current with
            {
                Destination = DestinationStatus.Received,
                Provisioning = current.Provisioning == ProvisioningStatus.NotNeeded ? ProvisioningStatus.NotNeeded : ProvisioningStatus.Pending,
            };
        return next with { State = DeriveState(next, requirements) };
    }

    /// <summary>
    /// The provisioning service created (or adopted) the destination account, or set its password, with the mailbox's
    /// current destination credential: provisioning is done.
    /// </summary>
    public static MailboxProgress ProvisioningSucceeded(MailboxProgress current, ProjectRequirements requirements)
    {
        if (current.State == MailboxState.Purged || current.Provisioning == ProvisioningStatus.NotNeeded)
        {
            return current;
        }
        var next = current with { Provisioning = ProvisioningStatus.Done };
        return next with { State = DeriveState(next, requirements) };
    }

    /// <summary>
    /// Provisioning with the mailbox's current destination credential failed. A password that Microsoft 365 refused
    /// (<see cref="ProvisioningReasons.PasswordRejected"/>) in a project whose end users give their destination password is
    /// asked for again: the destination is pending and the mailbox waits for its user. Any other reason, or a refused
    /// password that an operator entered, fails the mailbox. Once provisioning is done with a credential, a failure about
    /// the same credential (a late answer to an earlier attempt) changes nothing.
    /// </summary>
    public static MailboxProgress ProvisioningFailed(MailboxProgress current, ProjectRequirements requirements, string reason, bool destinationFromEndUser)
    {
        if (current.State == MailboxState.Purged || current.Provisioning is ProvisioningStatus.NotNeeded or ProvisioningStatus.Done)
        {
            return current;
        }
        var next = reason == ProvisioningReasons.PasswordRejected && destinationFromEndUser
            ? current with { Destination = DestinationStatus.Pending, Provisioning = ProvisioningStatus.Pending }
            : current with { Provisioning = ProvisioningStatus.Failed };
        return next with { State = DeriveState(next, requirements) };
    }

    /// <summary>
    /// What a change of state announces: provisioning is requested each time the mailbox enters <c>provisioning</c>, and
    /// again when a new destination credential arrives while it is there; <c>MailboxReady</c> and <c>MailboxFailed</c> each
    /// time it enters <c>ready</c> or <c>failed</c>. Leaving or entering ready is what can change the project's readiness.
    /// </summary>
    public static MailboxTransition Transition(MailboxState before, MailboxState after, bool destinationReplaced) => new(
        RequestProvisioning: after == MailboxState.Provisioning && (before != MailboxState.Provisioning || destinationReplaced),
        BecameReady: after == MailboxState.Ready && before != MailboxState.Ready,
        BecameFailed: after == MailboxState.Failed && before != MailboxState.Failed,
        LeftReady: before == MailboxState.Ready && after != MailboxState.Ready);

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
    /// the mailbox is verifying (unless something else is still missing), and failed provisioning is to do again.
    /// </summary>
    public static MailboxProgress VerificationRequested(MailboxProgress current, ProjectRequirements requirements)
    {
        if (current.State == MailboxState.Purged)
        {
            return current;
        }
        // Failed provisioning (no free licence, say) is tried again once the source is verified: the operator fixed its cause.
        var next = current with
        {
            Source = SourceStatus.Received,
            Provisioning = current.Provisioning == ProvisioningStatus.Failed ? ProvisioningStatus.Pending : current.Provisioning,
        };
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
