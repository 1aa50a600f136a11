using Migration.Migrations.Domain;

namespace Migration.UnitTests;

public sealed class ProjectRulesTests
{
    private static ProjectSettings Valid(SourceKind kind, SourceAccessMethod method) =>
        RequirementsTableTests.Settings(kind, method, MigrationType.Full, OutlookAssistant.None, false, false, CredentialMode.PasswordReception);

    [Theory]
    [InlineData(SourceKind.Google, SourceAccessMethod.Password, "Google")]
    [InlineData(SourceKind.Google, SourceAccessMethod.Impersonation, "Google")]
    [InlineData(SourceKind.Exchange, SourceAccessMethod.Oauth, "OAuth")]
    [InlineData(SourceKind.Office365, SourceAccessMethod.Oauth, "OAuth")]
    [InlineData(SourceKind.Imap, SourceAccessMethod.Oauth, "OAuth")]
    [InlineData(SourceKind.Imap, SourceAccessMethod.Impersonation, "Impersonation")]
    public void R2_rejects_access_methods_the_source_kind_does_not_allow(SourceKind kind, SourceAccessMethod method, string named)
    {
        var violation = ProjectRules.Check(Valid(kind, method));
        Assert.Equal("R2", violation?.Rule);
        Assert.Contains(named, violation!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void R1_an_IMAP_source_needs_its_host() =>
        Assert.Equal("R1", ProjectRules.Check(Valid(SourceKind.Imap, SourceAccessMethod.Password) with { Host = null })?.Rule);

    [Fact]
    public void R1_an_Exchange_source_needs_its_EWS_url() =>
        Assert.Equal("R1", ProjectRules.Check(Valid(SourceKind.Exchange, SourceAccessMethod.Password) with { EwsUrl = " " })?.Rule);

    [Fact]
    public void R1_a_Google_source_needs_its_domain() =>
        Assert.Equal("R1", ProjectRules.Check(Valid(SourceKind.Google, SourceAccessMethod.Oauth) with { GoogleDomain = null })?.Rule);

    [Fact]
    public void R3_impersonation_on_Microsoft_365_needs_the_source_tenant() =>
        Assert.Equal("R3", ProjectRules.Check(Valid(SourceKind.Office365, SourceAccessMethod.Impersonation) with { SourceTenantId = null })?.Rule);

    [Fact]
    public void R3_password_access_to_Microsoft_365_needs_no_tenant() =>
        Assert.Null(ProjectRules.Check(Valid(SourceKind.Office365, SourceAccessMethod.Password) with { SourceTenantId = null }));

    [Theory]
    [InlineData(true, false, OutlookAssistant.None, "create")]
    [InlineData(false, false, OutlookAssistant.Msi, "Outlook")]
    [InlineData(false, false, OutlookAssistant.EndUser, "Outlook")]
    [InlineData(false, true, OutlookAssistant.None, "set")]
    public void R4_data_only_contradictions_are_rejected(bool createAccounts, bool setPasswords, OutlookAssistant assistant, string named)
    {
        var settings = RequirementsTableTests.Settings(SourceKind.Imap, SourceAccessMethod.Password, MigrationType.DataOnly, assistant,
            createAccounts, setPasswords, CredentialMode.PasswordReception);
        var violation = ProjectRules.Check(settings);
        Assert.Equal("R4", violation?.Rule);
        Assert.Contains(named, violation!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void R2_is_reported_before_missing_fields()
    {
        var settings = Valid(SourceKind.Google, SourceAccessMethod.Password) with { GoogleDomain = null };
        Assert.Equal("R2", ProjectRules.Check(settings)?.Rule);
    }
}
