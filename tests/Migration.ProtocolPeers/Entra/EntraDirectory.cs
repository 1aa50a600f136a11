using System.Collections.Concurrent;

namespace Migration.ProtocolPeers.Entra;

/// <summary>
/// An app registration. <see cref="TenantId"/> null: registered in every tenant (a local run uses arbitrary ones).
/// <see cref="ApplicationPermissions"/> appear in app-only tokens' <c>roles</c> only once an admin consented.
/// A public client (for the password grant) has no secret.
/// </summary>
public sealed record RegisteredApp
{
    public required string ClientId { get; init; }
    public string? Secret { get; init; }
    public string? TenantId { get; init; }
    public string DisplayName { get; init; } = "Migration app";
    public string[] ApplicationPermissions { get; init; } = [];
    public bool AdminConsented { get; init; } = true;
    public bool IsPublicClient { get; init; }
    public string[] DelegatedPermissions { get; init; } = ["Mail.Read", "User.Read"];
}

/// <summary>A directory user; an address with no user at all is Entra's "does not exist in the directory".</summary>
public sealed record DirectoryUser
{
    public required string Upn { get; init; }
    public required string Password { get; init; }
    public string ObjectId { get; init; } = Guid.NewGuid().ToString();
    public bool MfaRequired { get; init; }
    public bool MfaRegistrationRequired { get; init; }
    public bool Locked { get; init; }
    public bool Disabled { get; init; }
    public bool PasswordExpired { get; init; }

    /// <summary>False: a user without an Exchange Online mailbox (no licence), which Graph answers 404.</summary>
    public bool HasMailbox { get; init; } = true;
}

/// <summary>One call of the token endpoint, as the tests read it: which grant, for whom, and the AADSTS code if refused.</summary>
public sealed record TokenRequestRecord(string GrantType, string ClientId, string? Username, int? ErrorCode, DateTimeOffset At);

/// <summary>The apps and users of the peer's directory, shared by the Entra and Graph peers.</summary>
public sealed class EntraDirectory
{
    private readonly ConcurrentDictionary<string, RegisteredApp> _apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DirectoryUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<TokenRequestRecord> _tokenRequests = new();

    /// <summary>429 or 503 for the next token requests, as Entra ID answers when it throttles or is unavailable.</summary>
    public InjectedFaults Faults { get; } = new();

    public void Register(RegisteredApp app) => _apps[app.ClientId] = app;

    public void Add(DirectoryUser user) => _users[user.Upn] = user;

    public RegisteredApp? FindApp(string clientId) => _apps.GetValueOrDefault(clientId);

    public DirectoryUser? FindUser(string upn) => _users.GetValueOrDefault(upn);

    public DirectoryUser? FindUserById(string objectId) => _users.Values.FirstOrDefault(u => u.ObjectId == objectId);

    public bool ChangePassword(string upn, string password)
    {
        while (_users.TryGetValue(upn, out var user))
        {
            if (_users.TryUpdate(upn, user with { Password = password, PasswordExpired = false }, user))
            {
                return true;
            }
        }
        return false;
    }

    public void Record(TokenRequestRecord record) => _tokenRequests.Enqueue(record);

    public IReadOnlyList<TokenRequestRecord> TokenRequests => [.. _tokenRequests];

    public void ClearRecords() => _tokenRequests.Clear();
}
