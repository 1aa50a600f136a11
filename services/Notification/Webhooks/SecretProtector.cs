using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Migration.Notification.Webhooks;

/// <summary>
/// Encrypts webhook secrets at rest with AES-256-GCM (docs/decisions/0021c). The key is derived (HKDF-SHA256) from the
/// configured <see cref="WebhookOptions.SecretKey"/>; the subscription id is the associated data, so a ciphertext moved
/// to another subscription's row does not decrypt. Layout: version (1) | key id (4) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class SecretProtector
{
    private const byte Version = 1;
    private const int KeyIdLength = 4;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + KeyIdLength + NonceLength + TagLength;
    private static readonly byte[] KeyInfo = "migration-webhook-secrets-v1"u8.ToArray();
    private static readonly byte[] KeyIdInfo = "migration-webhook-secrets-key-id"u8.ToArray();

    private readonly (byte[] Id, byte[] Key) _current;
    private readonly (byte[] Id, byte[] Key)[] _all;

    public SecretProtector(IOptions<WebhookOptions> options)
        : this(options.Value.SecretKey, options.Value.PreviousSecretKeys)
    {
    }

    public SecretProtector(string? secretKey, IEnumerable<string> previousKeys)
    {
        if (string.IsNullOrEmpty(secretKey) || secretKey.Length < 32)
        {
            throw new InvalidOperationException($"{WebhookOptions.Section}:SecretKey is required: at least 32 characters.");
        }
        _current = Derive(secretKey);
        _all = [_current, .. previousKeys.Where(k => !string.IsNullOrEmpty(k)).Select(Derive)];
    }

    private static (byte[] Id, byte[] Key) Derive(string secretKey)
    {
        var material = Encoding.UTF8.GetBytes(secretKey);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, salt: [], info: KeyInfo);
        var id = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, KeyIdLength, salt: [], info: KeyIdInfo);
        return (id, key);
    }

    public byte[] Protect(string secret, Guid subscriptionId)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var result = new byte[HeaderLength + plaintext.Length];
        result[0] = Version;
        _current.Id.CopyTo(result, 1);
        var nonce = result.AsSpan(1 + KeyIdLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Key, TagLength);
        aes.Encrypt(nonce, plaintext, result.AsSpan(HeaderLength), result.AsSpan(1 + KeyIdLength + NonceLength, TagLength), subscriptionId.ToByteArray());
        CryptographicOperations.ZeroMemory(plaintext);
        return result;
    }

    /// <summary>The secret as UTF-8 bytes (for HMAC); the caller zeroes them after use.</summary>
    public byte[] Unprotect(byte[] protectedSecret, Guid subscriptionId)
    {
        if (protectedSecret.Length < HeaderLength || protectedSecret[0] != Version)
        {
            throw new CryptographicException("The stored webhook secret has an unknown format.");
        }
        var keyId = protectedSecret.AsSpan(1, KeyIdLength);
        foreach (var (id, key) in _all)
        {
            if (!keyId.SequenceEqual(id))
            {
                continue;
            }
            var plaintext = new byte[protectedSecret.Length - HeaderLength];
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(protectedSecret.AsSpan(1 + KeyIdLength, NonceLength), protectedSecret.AsSpan(HeaderLength),
                protectedSecret.AsSpan(1 + KeyIdLength + NonceLength, TagLength), plaintext, subscriptionId.ToByteArray());
            return plaintext;
        }
        throw new CryptographicException("The stored webhook secret is under a key that is not configured.");
    }

    /// <summary>Whether a stored secret is under the current key (else it is due for re-encryption).</summary>
    public bool IsCurrent(byte[] protectedSecret) =>
        protectedSecret.Length >= HeaderLength && protectedSecret.AsSpan(1, KeyIdLength).SequenceEqual(_current.Id);
}
