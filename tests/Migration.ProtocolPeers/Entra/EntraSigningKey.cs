using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Entra;

/// <summary>
/// The tenant's token-signing key, made at start: Entra ID signs its access tokens with RS256 and publishes the public
/// half at <c>/{tenant}/discovery/v2.0/keys</c>; the Graph peer checks tokens against it as Graph checks Entra's.
/// </summary>
public sealed class EntraSigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public string KeyId { get; } = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(20));

    public string Sign(JsonObject claims)
    {
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5t"] = KeyId, ["kid"] = KeyId };
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var signature = _rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The token's claims when it is well formed, names this key and carries a valid signature; null otherwise.</summary>
    public JsonObject? ReadVerified(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))?.AsObject();
            if (header?["alg"]?.GetValue<string>() != "RS256" || header["kid"]?.GetValue<string>() != KeyId)
            {
                return null;
            }
            var valid = _rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return valid ? JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))?.AsObject() : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public JsonObject PublicJwk()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["x5t"] = KeyId,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    public void Dispose() => _rsa.Dispose();
}
