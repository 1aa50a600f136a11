namespace Migration.ProtocolPeers;

/// <summary>
/// A fault the tests ask for: the next <see cref="Count"/> requests answer <see cref="Status"/>, with Retry-After when set;
/// only those for <see cref="User"/> when it is named, so that other checks running meanwhile do not take them.
/// </summary>
public sealed record FaultRequest(int Status, int Count = 1, int? RetryAfterSeconds = null, string? User = null);

/// <summary>The faults a peer still owes, taken one request at a time.</summary>
public sealed class InjectedFaults
{
    private readonly Lock _lock = new();
    private FaultRequest? _pending;
    private int _remaining;

    public void Inject(FaultRequest fault)
    {
        lock (_lock)
        {
            _pending = fault;
            _remaining = fault.Count;
        }
    }

    public FaultRequest? TakeNext(string? user)
    {
        lock (_lock)
        {
            if (_pending is null || _remaining <= 0
                || (_pending.User is not null && !string.Equals(_pending.User, user, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }
            _remaining--;
            return _pending;
        }
    }
}
