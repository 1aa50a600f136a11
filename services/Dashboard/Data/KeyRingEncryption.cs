using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Migration.Dashboard.Data;

/// <summary>Configuration section <c>Dashboard:KeyRing</c>: the key that encrypts the Data Protection key ring at rest.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "Dashboard:KeyRing";

    /// <summary>Any string of at least 32 characters with that much entropy; the AES key is derived from it. Required.</summary>
    public string? Key { get; set; }

    /// <summary>Earlier keys, still used to read the ring's older keys until they expire.</summary>
    public List<string> PreviousKeys { get; set; } = [];
}

/// <summary>
/// The dashboard's key ring lives in its database, and whoever reads a key there can open every session cookie, with the
/// operator's API key inside (docs/decisions/0026). Each key's secret part is therefore sealed with AES-256-GCM under a key
/// derived (HKDF-SHA256) from <see cref="KeyRingOptions.Key"/>, which the database never sees.
/// Layout, base64 in the element: key id (4) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class KeyRingCipher
{
    private const int KeyIdLength = 4;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = KeyIdLength + NonceLength + TagLength;
    private static readonly byte[] KeyInfo = "migration-dashboard-key-ring-v1"u8.ToArray();
    private static readonly byte[] KeyIdInfo = "migration-dashboard-key-ring-key-id"u8.ToArray();
    private static readonly byte[] AssociatedData = "migration-dashboard data protection key"u8.ToArray();

    private readonly (byte[] Id, byte[] Key) _current;
    private readonly (byte[] Id, byte[] Key)[] _all;

    public KeyRingCipher(KeyRingOptions options)
    {
        if (options.Key is not { Length: >= 32 })
        {
            throw new InvalidOperationException($"{KeyRingOptions.Section}:Key is required: at least 32 characters.");
        }
        _current = Derive(options.Key);
        _all = [_current, .. options.PreviousKeys.Where(k => !string.IsNullOrEmpty(k)).Select(Derive)];
    }

    private static (byte[] Id, byte[] Key) Derive(string secret)
    {
        var material = Encoding.UTF8.GetBytes(secret);
        return (HKDF.DeriveKey(HashAlgorithmName.SHA256, material, KeyIdLength, salt: [], info: KeyIdInfo),
            HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, salt: [], info: KeyInfo));
    }

    public byte[] Seal(byte[] plaintext)
    {
        var sealedBytes = new byte[HeaderLength + plaintext.Length];
        _current.Id.CopyTo(sealedBytes, 0);
        var nonce = sealedBytes.AsSpan(KeyIdLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Key, TagLength);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderLength), sealedBytes.AsSpan(KeyIdLength + NonceLength, TagLength), AssociatedData);
        return sealedBytes;
    }

    public byte[] Open(byte[] sealedBytes)
    {
        if (sealedBytes.Length < HeaderLength)
        {
            throw new CryptographicException("A key of the dashboard's key ring has an unknown format.");
        }
        var keyId = sealedBytes.AsSpan(0, KeyIdLength);
        foreach (var (id, key) in _all)
        {
            if (keyId.SequenceEqual(id))
            {
                var plaintext = new byte[sealedBytes.Length - HeaderLength];
                using var aes = new AesGcm(key, TagLength);
                aes.Decrypt(sealedBytes.AsSpan(KeyIdLength, NonceLength), sealedBytes.AsSpan(HeaderLength),
                    sealedBytes.AsSpan(KeyIdLength + NonceLength, TagLength), plaintext, AssociatedData);
                return plaintext;
            }
        }
        throw new CryptographicException($"A key of the dashboard's key ring is sealed under a key that is not configured ({KeyRingOptions.Section}).");
    }
}

/// <summary>Seals each new key of the ring as Data Protection writes it (its <c>requiresEncryption</c> elements).</summary>
public sealed class KeyRingXmlEncryptor(KeyRingCipher cipher) : IXmlEncryptor
{
    internal const string ElementName = "sealedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            return new EncryptedXmlInfo(new XElement(ElementName, Convert.ToBase64String(cipher.Seal(plaintext))), typeof(KeyRingXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>Opens a sealed key; Data Protection creates it by the type named in the key's XML, with the app's services.</summary>
public sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var cipher = services.GetRequiredService<KeyRingCipher>();
        var plaintext = cipher.Open(Convert.FromBase64String(encryptedElement.Value));
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

public static class KeyRingEncryption
{
    /// <summary>Every key the ring writes from now on is sealed; keys written before are still read as they are.</summary>
    public static IDataProtectionBuilder SealKeysWithConfiguredKey(this IDataProtectionBuilder dataProtection)
    {
        dataProtection.Services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section)
            .Validate(o => o.Key is { Length: >= 32 }, $"{KeyRingOptions.Section}:Key is required: at least 32 characters.")
            .ValidateOnStart();
        dataProtection.Services.AddSingleton(services => new KeyRingCipher(services.GetRequiredService<IOptions<KeyRingOptions>>().Value));
        dataProtection.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlEncryptor = new KeyRingXmlEncryptor(services.GetRequiredService<KeyRingCipher>())));
        return dataProtection;
    }
}
