using System.Security.Cryptography;
using System.Text;

namespace Migration.Contracts;

/// <summary>
/// Where a service finds its identity in configuration, as the AppHost sets it: <c>ServiceAuth:Credential</c>, its own
/// credential, and <c>ServiceAuth:Callers:&lt;service&gt;</c>, the hash of each caller's credential it accepts.
/// </summary>
public static class ServiceAuth
{
    public const string Section = "ServiceAuth";
    public const string Credential = "Credential";
    public const string Callers = "Callers";

    /// <summary>Lower-case hex SHA-256 of the credential's UTF-8 bytes: full-entropy secrets need no slow hash.</summary>
    public static string Hash(string credential) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));

    /// <summary>The environment variable a setting is passed in (<c>:</c> written as <c>__</c>).</summary>
    public static string EnvironmentVariable(params string[] path) => string.Join("__", [Section, .. path]);
}
