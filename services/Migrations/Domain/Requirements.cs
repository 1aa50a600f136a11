namespace Migration.Migrations.Domain;

/// <summary>What a project needs for each of its mailboxes (R5).</summary>
public sealed record ProjectRequirements(
    bool SourcePassword,
    bool DestinationPassword,
    bool OutlookAssistantDownload,
    bool EndUserInvolved);

/// <summary>What the Password Reception page asks one end user for.</summary>
public sealed record EndUserNeeds(bool SourcePassword, bool DestinationPassword, bool OutlookAssistantDownload)
{
    public bool Any => SourcePassword || DestinationPassword || OutlookAssistantDownload;
}

public static class Requirements
{
    public static ProjectRequirements For(ProjectSettings settings)
    {
        var sourcePassword = settings.AccessMethod == SourceAccessMethod.Password;
        var destinationPassword = ProjectRules.RequiresDestinationCredentials(settings);
        var assistantDownload = settings.MigrationType == MigrationType.Full && settings.OutlookAssistant == OutlookAssistant.EndUser;
        var needs = NeedsFromEndUser(settings, sourceEntered: false, destinationEntered: false);
        return new ProjectRequirements(sourcePassword, destinationPassword, assistantDownload, needs.Any);
    }

    /// <summary>
    /// R5: the source password only with password access and when no operator has entered it; the destination
    /// password only when R4 requires it, the destination mode is Password Reception and nobody has entered it;
    /// the assistant download only when end users run the Outlook assistant themselves.
    /// </summary>
    public static EndUserNeeds NeedsFromEndUser(ProjectSettings settings, bool sourceEntered, bool destinationEntered) => new(
        SourcePassword: settings.AccessMethod == SourceAccessMethod.Password && !sourceEntered,
        DestinationPassword: ProjectRules.RequiresDestinationCredentials(settings)
                             && settings.CredentialMode == CredentialMode.PasswordReception
                             && !destinationEntered,
        OutlookAssistantDownload: settings.MigrationType == MigrationType.Full && settings.OutlookAssistant == OutlookAssistant.EndUser);

    /// <summary>Provisioning is needed when the platform creates the accounts or sets existing accounts' passwords (R7).</summary>
    public static bool RequiresProvisioning(ProjectSettings settings) =>
        settings.MigrationType == MigrationType.Full && (settings.CreateAccounts || settings.SetDestinationPasswords);
}
