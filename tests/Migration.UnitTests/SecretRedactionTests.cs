using Migration.Contracts.Events;
using Migration.Contracts.Internal;
using Migration.Contracts.Reception;
using Migration.CredentialReception.Api;
using Migration.CredentialReception.Reception;
using Migration.Gateway.Api;
using Migration.Gateway.Auth;

namespace Migration.UnitTests;

/// <summary>A record that holds a secret prints that it has one, never what it is: records end up in log lines by accident.</summary>
public sealed class SecretRedactionTests
{
    private const string Canary = "Canary-ToString-Pässwörd!";

    public static TheoryData<string, object, string> RecordsWithSecrets => new()
    {
        { "reception submission", new ReceptionSubmission { SourcePassword = Canary, DestinationPassword = Canary }, "SourcePassword = [redacted]" },
        { "source credential request", new SourceCredentialRequest { Username = "anna@contoso.com", Password = Canary }, "anna@contoso.com" },
        { "destination credential request", new DestinationCredentialRequest { Password = Canary }, "Password = [redacted]" },
        { "credential secret", new CredentialSecret(Guid.Empty, Guid.Empty, CredentialKind.Source, "anna@contoso.com", Canary), "anna@contoso.com" },
        { "source secret", new Migration.SourceAccess.Verification.SourceSecret("anna@contoso.com", Canary), "anna@contoso.com" },
        { "webhook subscription", new Migration.Notification.Api.CreateWebhookRequest { Url = "https://hooks.example.com/", Events = ["mailboxReady"], Secret = Canary },
            "https://hooks.example.com/" },
        { "created operator", new OperatorCreatedResponse(Guid.Empty, "Northwind", Canary), "Northwind" },
        { "issued API key", new IssuedApiKey(Canary, "0123456789abcdef", []), "0123456789abcdef" },
        { "end user contact", new EndUserContact(Guid.Empty, "anna@contoso.com", "Anna", "Contoso", "Northwind", "Move",
            new EndUserNeeds(true, false, false), $"https://example.test/reception/{Canary}", null, "https://example.test/assistant"), "anna@contoso.com" },
    };

    [Theory]
    [MemberData(nameof(RecordsWithSecrets))]
    public void A_records_text_shows_its_other_members_but_not_its_secret(string what, object record, string shown)
    {
        var text = record.ToString()!;
        Assert.DoesNotContain(Canary, text);
        Assert.Contains(shown, text);
        Assert.Contains("[redacted]", text);
        Assert.False(string.IsNullOrEmpty(what));
    }

    /// <summary>Records added later are held to the same rule: each string property named like a secret, set alone to the canary.</summary>
    [Fact]
    public void No_record_of_the_services_prints_a_property_named_like_a_secret()
    {
        string[] secretNames = ["Password", "ApiKey", "Secret", "Token", "ReceptionUrl", "Credential"];
        var assemblies = new[] { typeof(ReceptionSubmission).Assembly, typeof(OperatorCreatedResponse).Assembly, typeof(EndUserContact).Assembly,
            typeof(Migration.Migrations.MigrationsServiceExtensions).Assembly, typeof(Migration.Notification.NotificationServiceExtensions).Assembly,
            typeof(Migration.SourceAccess.SourceAccessServiceExtensions).Assembly };
        var records = assemblies.SelectMany(a => a.GetTypes()).Where(t => t.GetMethod("<Clone>$") is not null && !t.IsGenericTypeDefinition).ToList();
        Assert.Contains(typeof(CredentialSecret), records);
        var printed = (
            from record in records
            from property in record.GetProperties()
            where property.PropertyType == typeof(string) && property.CanWrite
                  && (property.Name == "Key" || secretNames.Any(n => property.Name.EndsWith(n, StringComparison.Ordinal)))
            let instance = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(record)
            where Prints(instance, property)
            select $"{record.FullName}.{property.Name}").ToList();
        Assert.Empty(printed);
    }

    private static bool Prints(object instance, System.Reflection.PropertyInfo property)
    {
        property.SetValue(instance, Canary);
        return instance.ToString()!.Contains(Canary, StringComparison.Ordinal);
    }
}
