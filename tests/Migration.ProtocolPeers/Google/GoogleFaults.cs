namespace Migration.ProtocolPeers.Google;

/// <summary>A fault the tests ask for: the next <see cref="Count"/> requests answer <see cref="Status"/> (429 or 5xx), with Retry-After when set.</summary>
public sealed record GoogleFault(int Status, int Count = 1, int? RetryAfterSeconds = null);

/// <summary>The faults one endpoint still owes, taken one request at a time.</summary>
public sealed class GoogleFaults
{
    private readonly Lock _lock = new();
    private GoogleFault? _pending;
    private int _remaining;

    public void Inject(GoogleFault fault)
    {
        lock (_lock)
        {
            _pending = fault;
            _remaining = fault.Count;
        }
    }

    public GoogleFault? TakeNext()
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
