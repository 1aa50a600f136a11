using Migration.Gateway.Auth;

namespace Migration.UnitTests;

public sealed class ApiKeyTests
{
    [Fact]
    public void An_issued_key_parses_back_to_its_id_and_matches_its_stored_hash()
    {
        var issued = ApiKeys.Issue();
        Assert.True(ApiKeys.TryParse(issued.Text, out var keyId, out var secret));
        Assert.Equal(issued.KeyId, keyId);
        Assert.True(ApiKeys.Matches(secret, issued.SecretHash));
        Assert.DoesNotContain(secret, Convert.ToHexString(issued.SecretHash), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Keys_carry_a_256_bit_secret_and_never_repeat()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeys.Issue().Text).ToHashSet();
        Assert.Equal(1000, keys.Count);
        Assert.All(keys, k => Assert.True(ApiKeys.TryParse(k, out _, out var secret) && secret.Length == 43));
    }

    [Fact]
    public void A_changed_secret_does_not_match()
    {
        var issued = ApiKeys.Issue();
        ApiKeys.TryParse(issued.Text, out _, out var secret);
        var tampered = (secret[0] == 'A' ? 'B' : 'A') + secret[1..];
        Assert.False(ApiKeys.Matches(tampered, issued.SecretHash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer x")]
    [InlineData("mig_short")]
    [InlineData("mig_ZZZZZZZZZZZZZZZZ_secret")]
    [InlineData("mig_0123456789abcdef-secret")]
    [InlineData("mig_0123456789abcdef_")]
    public void Strings_not_shaped_like_a_key_are_refused(string presented) =>
        Assert.False(ApiKeys.TryParse(presented, out _, out _));
}
