using System.Security.Cryptography;
using System.Text;
using Migration.Notification.Webhooks;

namespace Migration.UnitTests.Webhooks;

public sealed class WebhookCryptoTests
{
    private const string Key = "0123456789abcdef0123456789abcdef-key-one";
    private const string OtherKey = "fedcba9876543210fedcba9876543210-key-two";

    [Fact]
    public void A_secret_round_trips_and_its_ciphertext_holds_no_plaintext()
    {
        var protector = new SecretProtector(Key, []);
        var id = Guid.NewGuid();
        var stored = protector.Protect("Canary-webhook-secret", id);
        Assert.DoesNotContain("Canary", Encoding.UTF8.GetString(stored));
        Assert.Equal("Canary-webhook-secret", Encoding.UTF8.GetString(protector.Unprotect(stored, id)));
        Assert.NotEqual(stored, protector.Protect("Canary-webhook-secret", id));
    }

    [Fact]
    public void A_ciphertext_moved_to_another_subscription_or_altered_does_not_decrypt()
    {
        var protector = new SecretProtector(Key, []);
        var stored = protector.Protect("Canary-webhook-secret", Guid.NewGuid());
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(stored, Guid.NewGuid()));
        var id = Guid.NewGuid();
        var altered = protector.Protect("Canary-webhook-secret", id);
        altered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(altered, id));
    }

    [Fact]
    public void A_rotated_key_still_decrypts_what_the_previous_one_encrypted()
    {
        var id = Guid.NewGuid();
        var old = new SecretProtector(Key, []).Protect("Canary-webhook-secret", id);
        var rotated = new SecretProtector(OtherKey, [Key]);
        Assert.False(rotated.IsCurrent(old));
        Assert.Equal("Canary-webhook-secret", Encoding.UTF8.GetString(rotated.Unprotect(old, id)));
        Assert.Throws<CryptographicException>(() => new SecretProtector(OtherKey, []).Unprotect(old, id));
    }

    [Fact]
    public void A_short_or_missing_key_is_a_configuration_error()
    {
        Assert.Throws<InvalidOperationException>(() => new SecretProtector(null, []));
        Assert.Throws<InvalidOperationException>(() => new SecretProtector("too-short", []));
    }

    [Fact]
    public void The_signature_is_the_lowercase_hex_hmac_sha256_of_the_exact_body()
    {
        // RFC 4231 test case 2.
        var signature = WebhookSignature.Sign("Jefe"u8, "what do ya want for nothing?"u8);
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }
}
