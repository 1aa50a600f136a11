using Migration.SourceAccess.Verification.Google;

namespace Migration.UnitTests;

public sealed class GoogleServiceAccountKeyTests
{
    private const string Key = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

    [Fact]
    public void A_service_account_key_file_is_read_and_its_private_key_never_printed()
    {
        var json = $$"""{"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","private_key":{{System.Text.Json.JsonSerializer.Serialize(Key)}},"private_key_id":"k1","token_uri":"https://oauth2.googleapis.com/token"}""";

        var key = GoogleServiceAccountKey.Parse(json);

        Assert.Equal(("a@p.iam.gserviceaccount.com", Key, "k1"), (key!.ClientEmail, key.PrivateKey, key.PrivateKeyId));
        Assert.DoesNotContain("MIIEvgIBADANBgkqhkiG9w0BAQEFAASC", key.ToString());
    }

    [Theory]
    [InlineData("""{"type":"authorized_user","client_email":"a@b","private_key":"k"}""")]
    [InlineData("""{"type":"service_account","client_email":"a@b"}""")]
    [InlineData("not json")]
    [InlineData("")]
    public void Anything_else_is_not_a_service_account_key(string text) => Assert.Null(GoogleServiceAccountKey.Parse(text));
}
