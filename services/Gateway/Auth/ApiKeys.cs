using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Migration.Contracts;

namespace Migration.Gateway.Auth;

/// <summary>A newly issued key: the full text is shown once; the stored part is the id and a hash of the secret.</summary>
public sealed record IssuedApiKey(string Text, string KeyId, byte[] SecretHash)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Text = {Redaction.Of(Text)}, KeyId = {KeyId}");
        return true;
    }
}

/// <summary>
/// Keys look like <c>mig_&lt;16 hex id&gt;_&lt;43 chars of 256-bit secret&gt;</c>. The secret has full entropy, so a single
/// SHA-256 is the right hash: a slow password hash would only slow every request.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "mig_";
    private const int KeyIdLength = 16;

    public static IssuedApiKey Issue()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new IssuedApiKey($"{Prefix}{keyId}_{secret}", keyId, Hash(secret));
    }

    /// <summary>Splits a presented key into its id and secret; false for anything not shaped like a key.</summary>
    public static bool TryParse(string presented, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length < Prefix.Length + KeyIdLength + 2
            || presented[Prefix.Length + KeyIdLength] != '_')
        {
            return false;
        }
        keyId = presented.Substring(Prefix.Length, KeyIdLength);
        secret = presented[(Prefix.Length + KeyIdLength + 1)..];
        return keyId.All(char.IsAsciiHexDigitLower) && secret.Length > 0;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);
}
