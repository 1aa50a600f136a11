namespace Migration.ProtocolPeers;

/// <summary>A fault the tests ask for: the next <see cref="Count"/> requests answer <see cref="Status"/>, with Retry-After when set.</summary>
public sealed record FaultRequest(int Status, int Count = 1, int? RetryAfterSeconds = null);

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

    public FaultRequest? TakeNext()
    {
        lock (_lock)
        {
            if (_pending is null || _remaining <= 0)
            {
                return null;
            }
            _remaining--;
            return _pending;
        }
    }
}
