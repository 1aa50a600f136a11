using Microsoft.Extensions.Caching.Memory;

namespace Migration.Gateway.Auth;

/// <summary>What the gateway remembers of a key it looked up: its operator and the hash of its secret.</summary>
public sealed record KnownApiKey(Guid OperatorId, string OperatorName, byte[] SecretHash);

/// <summary>
/// Looked-up keys for a short while, so that a busy operator costs one database query per key and interval. Known keys
/// and unknown key ids are held apart, each to a fixed number of entries: a flood of random keys fills only the
/// unknown ones, only up to their bound, and cannot push the operators' keys out.
/// </summary>
public sealed class ApiKeyCache(int capacity = ApiKeyCache.DefaultCapacity) : IDisposable
{
    public const int DefaultCapacity = 10_000;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = capacity });
    private readonly MemoryCache _unknown = new(new MemoryCacheOptions { SizeLimit = capacity });

    public ApiKeyCache() : this(DefaultCapacity)
    {
    }

    public int KnownCount => _known.Count;
    public int UnknownCount => _unknown.Count;

    /// <summary>True when the key id was looked up lately; <paramref name="key"/> is then null for an unknown id.</summary>
    public bool TryGet(string keyId, out KnownApiKey? key)
    {
        if (_known.TryGetValue(keyId, out key))
        {
            return true;
        }
        key = null;
        return _unknown.TryGetValue(keyId, out _);
    }

    public void Remember(string keyId, KnownApiKey? key)
    {
        var entry = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor };
        if (key is null)
        {
            _unknown.Set(keyId, true, entry);
        }
        else
        {
            _known.Set(keyId, key, entry);
        }
    }

    public void Dispose()
    {
        _known.Dispose();
        _unknown.Dispose();
    }
}
