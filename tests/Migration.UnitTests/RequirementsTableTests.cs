using Migration.Migrations.Domain;

namespace Migration.UnitTests;

/// <summary>
/// R2, R4 and R5 as a table: every combination of source kind, access method, migration type, Outlook assistant,
/// createAccounts, setDestinationPasswords and destination credential mode. The expectations below are written
/// from the rules' text, independently of the production code's formulation.
/// </summary>
public sealed class RequirementsTableTests
{
    // R2 spelled out as the seed's table: which access method each source kind allows.
    private static readonly HashSet<(SourceKind, SourceAccessMethod)> AllowedAccess =
    [
        (SourceKind.Exchange, SourceAccessMethod.Password),
        (SourceKind.Exchange, SourceAccessMethod.Impersonation),
        (SourceKind.Office365, SourceAccessMethod.Password),
        (SourceKind.Office365, SourceAccessMethod.Impersonation),
        (SourceKind.Imap, SourceAccessMethod.Password),
        (SourceKind.Google, SourceAccessMethod.Oauth),
    ];

    public static TheoryData<SourceKind, SourceAccessMethod, MigrationType, OutlookAssistant, bool, bool, CredentialMode> EveryCombination()
    {
        var data = new TheoryData<SourceKind, SourceAccessMethod, MigrationType, OutlookAssistant, bool, bool, CredentialMode>();
        foreach (var kind in Enum.GetValues<SourceKind>())
        foreach (var method in Enum.GetValues<SourceAccessMethod>())
        foreach (var type in Enum.GetValues<MigrationType>())
        foreach (var assistant in Enum.GetValues<OutlookAssistant>())
        foreach (var createAccounts in new[] { false, true })
        foreach (var setPasswords in new[] { false, true })
        foreach (var mode in Enum.GetValues<CredentialMode>())
        {
            data.Add(kind, method, type, assistant, createAccounts, setPasswords, mode);
        }
        return data;
    }

    [Fact]
    public void The_table_covers_every_combination() =>
        Assert.Equal(4 * 3 * 2 * 3 * 2 * 2 * 2, EveryCombination().Count);

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Every_combination_is_either_rejected_by_its_rule_or_gets_the_requirements_R4_and_R5_describe(
        SourceKind kind, SourceAccessMethod method, MigrationType type, OutlookAssistant assistant,
        bool createAccounts, bool setPasswords, CredentialMode mode)
    {
        var settings = Settings(kind, method, type, assistant, createAccounts, setPasswords, mode);
        var violation = ProjectRules.Check(settings);

        var dataOnlyContradiction = type == MigrationType.DataOnly && (createAccounts || setPasswords || assistant != OutlookAssistant.None);
        if (!AllowedAccess.Contains((kind, method)))
        {
            Assert.Equal("R2", violation?.Rule);
            return;
        }
        if (dataOnlyContradiction)
        {
            Assert.Equal("R4", violation?.Rule);
            return;
        }
        Assert.Null(violation);

        var requirements = Requirements.For(settings);
        // R4: destination credentials when Outlook is reconfigured or the platform writes to the accounts.
        var destinationNeeded = type == MigrationType.Full && (assistant is OutlookAssistant.EndUser or OutlookAssistant.Msi || createAccounts || setPasswords);
        Assert.Equal(method == SourceAccessMethod.Password, requirements.SourcePassword);
        Assert.Equal(destinationNeeded, requirements.DestinationPassword);
        Assert.Equal(assistant == OutlookAssistant.EndUser, requirements.OutlookAssistantDownload);

        // R5: the page asks the end user for the source password with password access, for the destination password
        // only in Password Reception mode, and offers the assistant download for end-user installs.
        var pageAsks = method == SourceAccessMethod.Password
                       || (destinationNeeded && mode == CredentialMode.PasswordReception)
                       || assistant == OutlookAssistant.EndUser;
        Assert.Equal(pageAsks, requirements.EndUserInvolved);

        var initial = MailboxStatuses.Initial(settings);
        Assert.Equal(destinationNeeded ? DestinationStatus.Pending : DestinationStatus.NotNeeded, initial.Destination);
        Assert.Equal(createAccounts || setPasswords ? ProvisioningStatus.Pending : ProvisioningStatus.NotNeeded, initial.Provisioning);
        Assert.Equal(method == SourceAccessMethod.Password || destinationNeeded ? MailboxState.WaitingForUser : MailboxState.Verifying, initial.State);
        Assert.Equal(method == SourceAccessMethod.Password ? SourceAccessStatus.NotNeeded : SourceAccessStatus.Pending,
            MailboxStatuses.InitialSourceAccess(settings));
    }

    [Fact]
    public void Seed_example_impersonation_with_the_assistant_by_MSI_asks_for_the_destination_password_only()
    {
        var settings = Settings(SourceKind.Exchange, SourceAccessMethod.Impersonation, MigrationType.Full, OutlookAssistant.Msi,
            createAccounts: false, setPasswords: false, CredentialMode.PasswordReception);
        var needs = Requirements.NeedsFromEndUser(settings, sourceEntered: false, destinationEntered: false);
        Assert.Equal(new EndUserNeeds(SourcePassword: false, DestinationPassword: true, OutlookAssistantDownload: false), needs);
    }

    [Fact]
    public void A_data_only_migration_with_password_access_asks_for_the_source_password_only()
    {
        var settings = Settings(SourceKind.Imap, SourceAccessMethod.Password, MigrationType.DataOnly, OutlookAssistant.None,
            createAccounts: false, setPasswords: false, CredentialMode.PasswordReception);
        Assert.Equal(new ProjectRequirements(true, false, false, true), Requirements.For(settings));
    }

    [Fact]
    public void A_Google_data_only_migration_involves_no_end_user()
    {
        var settings = Settings(SourceKind.Google, SourceAccessMethod.Oauth, MigrationType.DataOnly, OutlookAssistant.None,
            createAccounts: false, setPasswords: false, CredentialMode.PasswordReception);
        Assert.False(Requirements.For(settings).EndUserInvolved);
    }

    [Fact]
    public void Credentials_an_operator_entered_are_not_asked_for_again()
    {
        var settings = Settings(SourceKind.Office365, SourceAccessMethod.Password, MigrationType.Full, OutlookAssistant.EndUser,
            createAccounts: true, setPasswords: false, CredentialMode.PasswordReception);
        Assert.Equal(new EndUserNeeds(false, false, true), Requirements.NeedsFromEndUser(settings, sourceEntered: true, destinationEntered: true));
        Assert.Equal(new EndUserNeeds(true, true, true), Requirements.NeedsFromEndUser(settings, sourceEntered: false, destinationEntered: false));
    }

    [Fact]
    public void Manual_destination_mode_never_asks_the_end_user_for_the_destination_password()
    {
        var settings = Settings(SourceKind.Exchange, SourceAccessMethod.Impersonation, MigrationType.Full, OutlookAssistant.Msi,
            createAccounts: true, setPasswords: false, CredentialMode.Manual);
        Assert.False(Requirements.NeedsFromEndUser(settings, false, false).Any);
        Assert.True(Requirements.For(settings).DestinationPassword);
    }

    internal static ProjectSettings Settings(SourceKind kind, SourceAccessMethod method, MigrationType type, OutlookAssistant assistant,
        bool createAccounts, bool setPasswords, CredentialMode mode) => new()
    {
        SourceKind = kind,
        AccessMethod = method,
        // The kind's own connection fields are filled so that only R2 and R4 can object here.
        Host = "imap.contoso.com",
        EwsUrl = "https://mail.contoso.com/EWS/Exchange.asmx",
        SourceTenantId = "11111111-2222-3333-4444-555555555555",
        GoogleDomain = "contoso.com",
        MigrationType = type,
        OutlookAssistant = assistant,
        CreateAccounts = createAccounts,
        SetDestinationPasswords = setPasswords,
        CredentialMode = mode,
    };
}
