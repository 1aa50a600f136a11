using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Migration.ProtocolPeers.Google;

/// <summary>A service account as Google Cloud registers it: its email (the JWT's <c>iss</c>), its numeric client id and a public key.</summary>
public sealed record GoogleServiceAccount(string ClientEmail, string ClientId, string PublicKeyPem);

/// <summary>A Workspace user; <see cref="GmailEnabled"/> false is a user without the Gmail service.</summary>
public sealed record GoogleUser(string Email, bool GmailEnabled = true, int MessagesTotal = 0, int ThreadsTotal = 0)
{
    public string Domain => Email[(Email.IndexOf('@') + 1)..];
}

/// <summary>An access token the token endpoint issued: for whom (<see cref="Subject"/>, null without delegation) and which scopes.</summary>
public sealed record IssuedToken(string ClientId, string? Subject, IReadOnlySet<string> Scopes, DateTimeOffset ExpiresAt);

public sealed record TokenRequestRecord(DateTimeOffset At, string? Issuer, string? Subject, string? Scope, int Status, string? Error);

public sealed record GmailRequestRecord(DateTimeOffset At, string UserId, string? Subject, int Status);

/// <summary>
/// The peer's Google: service accounts and their keys, the Workspace admin's domain-wide delegation table (client id →
/// authorised scopes), users per domain, the access tokens it issued, and what the tests may read back.
/// </summary>
public sealed class GoogleDirectory
{
    private readonly ConcurrentDictionary<string, GoogleServiceAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _delegation = new();
    private readonly ConcurrentDictionary<string, GoogleUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new();
    private readonly ConcurrentQueue<TokenRequestRecord> _tokenRequests = new();
    private readonly ConcurrentQueue<GmailRequestRecord> _gmailRequests = new();

    public GoogleFaults TokenFaults { get; } = new();
    public GoogleFaults GmailFaults { get; } = new();

    public void Register(GoogleServiceAccount account)
    {
        using var key = RSA.Create();
        key.ImportFromPem(account.PublicKeyPem);
        _accounts[account.ClientEmail] = account;
    }

    public GoogleServiceAccount? Account(string clientEmail) => _accounts.GetValueOrDefault(clientEmail);

    /// <summary>The Admin console's "Domain-wide delegation" entry for a client id; an empty list removes it.</summary>
    public void Delegate(string clientId, IEnumerable<string> scopes)
    {
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        if (set.Count == 0)
        {
            _delegation.TryRemove(clientId, out _);
        }
        else
        {
            _delegation[clientId] = set;
        }
    }

    public IReadOnlySet<string>? DelegatedScopes(string clientId) => _delegation.GetValueOrDefault(clientId);

    public void Add(GoogleUser user) => _users[user.Email] = user;

    public GoogleUser? User(string email) => _users.GetValueOrDefault(email);

    public IEnumerable<GoogleUser> UsersOf(string domain) => _users.Values.Where(u => u.Domain.Equals(domain, StringComparison.OrdinalIgnoreCase));

    public string Issue(IssuedToken token)
    {
        // Google's access tokens are opaque strings starting with "ya29.".
        var value = $"ya29.peer-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        _tokens[value] = token;
        return value;
    }

    public IssuedToken? Token(string value) => _tokens.GetValueOrDefault(value);

    public void Record(TokenRequestRecord record) => _tokenRequests.Enqueue(record);

    public void Record(GmailRequestRecord record) => _gmailRequests.Enqueue(record);

    public IReadOnlyList<TokenRequestRecord> TokenRequests => [.. _tokenRequests];

    public IReadOnlyList<GmailRequestRecord> GmailRequests => [.. _gmailRequests];

    public void ClearRecords()
    {
        _tokenRequests.Clear();
        _gmailRequests.Clear();
    }

    public static string PublicKeyPemOf(string privateKeyPem)
    {
        using var key = RSA.Create();
        key.ImportFromPem(privateKeyPem);
        return key.ExportSubjectPublicKeyInfoPem();
    }
}
