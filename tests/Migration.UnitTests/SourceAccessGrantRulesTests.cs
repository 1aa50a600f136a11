using System.Security.Cryptography;
using System.Text.Json;
using Migration.CredentialReception.Grants;
using Migration.CredentialReception.Reception;

namespace Migration.UnitTests;

/// <summary>The project grant's fields by source kind, and that no error message ever repeats a secret.</summary>
public sealed class SourceAccessGrantRulesTests
{
    private const string Canary = "Canary-Gr4nt-Secret";

    private static string ServiceAccount(string type = "service_account", string? privateKey = null, bool withClientId = true) => JsonSerializer.Serialize(
        new Dictionary<string, string?>
        {
            ["type"] = type,
            ["project_id"] = "contoso-migration",
            ["private_key_id"] = Canary,
            ["private_key"] = privateKey ?? RSA.Create(2048).ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "migrator@contoso-migration.iam.gserviceaccount.com",
            ["client_id"] = withClientId ? "112233445566778899" : null,
        });

    [Fact]
    public void Each_kind_takes_its_own_grant_and_names_the_login_that_is_not_secret()
    {
        var exchange = SourceAccessGrantRules.Validate("Exchange", new() { Username = " admin@contoso.com ", Password = Canary, TestMailbox = "Anna@Contoso.com" });
        Assert.Equal(new ValidGrant("admin@contoso.com", Canary, "anna@contoso.com"), exchange.Grant);
        var office365 = SourceAccessGrantRules.Validate("Office365", new() { ClientId = "0f1e2d3c-aaaa-bbbb-cccc-001122334455", ClientSecret = Canary });
        Assert.Equal(new ValidGrant("0f1e2d3c-aaaa-bbbb-cccc-001122334455", Canary, null), office365.Grant);
        var key = ServiceAccount();
        var google = SourceAccessGrantRules.Validate("Google", new() { ServiceAccountJson = key });
        Assert.Equal(new ValidGrant("migrator@contoso-migration.iam.gserviceaccount.com", key, null), google.Grant);
    }

    public static TheoryData<string, SourceAccessGrantRequest, string> Refusals => new()
    {
        { "Exchange", new() { Password = Canary }, "username" },
        { "Exchange", new() { Username = "admin@contoso.com" }, "password" },
        { "Exchange", new() { Username = "admin@contoso.com", Password = Canary, ClientSecret = Canary }, "clientSecret" },
        { "Office365", new() { ClientSecret = Canary }, "clientId" },
        { "Office365", new() { ClientId = "app", ClientSecret = new string('x', 300) }, "clientSecret" },
        { "Office365", new() { ClientId = "app", ClientSecret = Canary, Password = Canary }, "password" },
        { "Google", new() { }, "serviceAccountJson" },
        { "Google", new() { ServiceAccountJson = "{ not json " + Canary }, "serviceAccountJson" },
        { "Google", new() { ServiceAccountJson = "[\"" + Canary + "\"]" }, "serviceAccountJson" },
        { "Google", new() { ServiceAccountJson = ServiceAccount(type: "authorized_user") }, "serviceAccountJson" },
        { "Google", new() { ServiceAccountJson = ServiceAccount(privateKey: "-----BEGIN PRIVATE KEY-----\n" + Canary + "\n-----END PRIVATE KEY-----\n") }, "serviceAccountJson" },
        { "Google", new() { ServiceAccountJson = ServiceAccount(withClientId: false) }, "serviceAccountJson" },
        { "Google", new() { ServiceAccountJson = ServiceAccount(), Username = "someone" }, "username" },
        { "Exchange", new() { Username = "admin@contoso.com", Password = Canary, TestMailbox = "not an address " + Canary }, "testMailbox" },
        { "Imap", new() { Username = "admin@contoso.com", Password = Canary }, "source" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_missing_wrong_or_foreign_field_is_a_field_error_that_never_repeats_the_secret(string kind, SourceAccessGrantRequest request, string field)
    {
        var (grant, errors) = SourceAccessGrantRules.Validate(kind, request);
        Assert.Null(grant);
        Assert.Contains(field, errors.Keys);
        Assert.DoesNotContain(errors.Values.SelectMany(m => m), message => message.Contains(Canary, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_impersonation_and_oauth_take_a_grant()
    {
        Assert.False(SourceAccessGrantRules.TakesGrant("Password"));
        Assert.True(SourceAccessGrantRules.TakesGrant("Impersonation"));
        Assert.True(SourceAccessGrantRules.TakesGrant("Oauth"));
    }

    [Fact]
    public void A_grant_prints_without_its_secret()
    {
        Assert.DoesNotContain(Canary, new ValidGrant("admin", Canary, null).ToString());
        Assert.DoesNotContain(Canary, new SourceAccessGrantRequest { Password = Canary, ClientSecret = Canary, ServiceAccountJson = Canary }.ToString());
    }

    [Theory]
    [InlineData(true, true, null, false, "received")]
    [InlineData(true, true, null, true, "verified")]
    [InlineData(true, false, "passwordChanged", true, "failed")]
    public void The_page_shows_a_verified_password_as_verified(bool required, bool received, string? refused, bool verified, string status) =>
        Assert.Equal(status, EndUserViews.Status(required, received, refused, verified).Status);
}
