using System.Collections.Concurrent;

namespace Migration.ProtocolPeers.Ews;

/// <summary>An Exchange account: its login (the primary SMTP address), its password, and whether it has a mailbox.</summary>
public sealed record EwsAccount
{
    public required string Address { get; init; }
    public required string Password { get; init; }
    public bool HasMailbox { get; init; } = true;
}

/// <summary>
/// An ApplicationImpersonation assignment: <see cref="Account"/> may impersonate the addresses of
/// <see cref="MayImpersonate"/>, where "*" is the whole organisation (the default management scope).
/// </summary>
public sealed record ImpersonationRight(string Account, string[] MayImpersonate);

/// <summary>One Basic-auth login EWS saw: who, whether the password was right, whom they impersonated, the anchor header.</summary>
public sealed record EwsLoginRecord(string User, bool Succeeded, string? ImpersonatedAddress, string? AnchorMailbox, DateTimeOffset At);

/// <summary>The EWS peer's accounts, impersonation rights and records (logins, most requests in progress at once).</summary>
public sealed class EwsDirectory
{
    private readonly ConcurrentDictionary<string, EwsAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string[]> _rights = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<EwsLoginRecord> _logins = new();
    private int _inProgress;
    private int _maxInProgress;

    public InjectedFaults Faults { get; } = new();

    /// <summary>How long each request takes before it is answered, so that tests can see requests overlap.</summary>
    public TimeSpan Latency { get; set; }

    public void Add(EwsAccount account) => _accounts[account.Address] = account;

    public EwsAccount? Find(string address) => _accounts.GetValueOrDefault(address);

    public void Grant(ImpersonationRight right) => _rights[right.Account] = right.MayImpersonate;

    public bool MayImpersonate(string account, string target) =>
        _rights.TryGetValue(account, out var targets) && targets.Any(t => t == "*" || t.Equals(target, StringComparison.OrdinalIgnoreCase));

    public bool ChangePassword(string address, string password)
    {
        while (_accounts.TryGetValue(address, out var account))
        {
            if (_accounts.TryUpdate(address, account with { Password = password }, account))
            {
                return true;
            }
        }
        return false;
    }

    public void Record(EwsLoginRecord login) => _logins.Enqueue(login);

    public IReadOnlyList<EwsLoginRecord> Logins => [.. _logins];

    public int MaxInProgress => Volatile.Read(ref _maxInProgress);

    public IDisposable Begin()
    {
        var now = Interlocked.Increment(ref _inProgress);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInProgress)) && Interlocked.CompareExchange(ref _maxInProgress, now, seen) != seen)
        {
        }
        return new InProgress(this);
    }

    public void ResetRecords()
    {
        _logins.Clear();
        Volatile.Write(ref _maxInProgress, Volatile.Read(ref _inProgress));
    }

    private sealed class InProgress(EwsDirectory directory) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref directory._inProgress);
            }
        }
    }
}
