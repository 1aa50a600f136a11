namespace Migration.Migrations.Domain;

public enum MailboxState { WaitingForUser, Verifying, Provisioning, Ready, Failed, Purged }

public enum SourceStatus { NotNeeded, Pending, Received, Verified, Failed }

public enum DestinationStatus { NotNeeded, Pending, Received }

public enum ProvisioningStatus { NotNeeded, Pending, Done, Failed }

public enum SourceAccessStatus { NotNeeded, Pending, Verified, Failed }

public sealed record InitialMailboxStatus(
    MailboxState State,
    SourceStatus Source,
    DestinationStatus Destination,
    ProvisioningStatus Provisioning);

public static class MailboxStatuses
{
    /// <summary>
    /// A new mailbox waits for its credentials when the project needs any; otherwise (impersonation or OAuth with
    /// nothing to collect) it waits for its source access to be verified through the project's grant.
    /// </summary>
    public static InitialMailboxStatus Initial(ProjectSettings settings)
    {
        var requirements = Requirements.For(settings);
        var waitsForCredentials = requirements.SourcePassword || requirements.DestinationPassword;
        return new InitialMailboxStatus(
            waitsForCredentials ? MailboxState.WaitingForUser : MailboxState.Verifying,
            SourceStatus.Pending,
            requirements.DestinationPassword ? DestinationStatus.Pending : DestinationStatus.NotNeeded,
            Requirements.RequiresProvisioning(settings) ? ProvisioningStatus.Pending : ProvisioningStatus.NotNeeded);
    }

    /// <summary>The project-level grant is needed only for impersonation and OAuth.</summary>
    public static SourceAccessStatus InitialSourceAccess(ProjectSettings settings) =>
        settings.AccessMethod == SourceAccessMethod.Password ? SourceAccessStatus.NotNeeded : SourceAccessStatus.Pending;
}
