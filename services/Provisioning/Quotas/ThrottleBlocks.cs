using System.Collections.Concurrent;

namespace Migration.Provisioning.Quotas;

/// <summary>
/// The 429s this replica has seen, per scope, in memory: checked just before every write is sent, at no cost, so that a
/// write whose token was taken before another worker's 429 is not sent into the Retry-After. The other replicas learn of
/// the 429 from the bucket's row (<see cref="WriteQuotas.BlockAsync"/>).
/// </summary>
public sealed class ThrottleBlocks(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blocked = new(StringComparer.Ordinal);

    public void Block(string scope, DateTimeOffset until) =>
        _blocked.AddOrUpdate(scope, until, (_, current) => current > until ? current : until);

    /// <summary>When the latest block of the scopes ends; null when none is blocked now.</summary>
    public DateTimeOffset? Until(QuotaScopes scopes)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? latest = null;
        foreach (var scope in scopes.All)
        {
            if (_blocked.TryGetValue(scope, out var until) && until > now && (latest is null || until > latest))
            {
                latest = until;
            }
        }
        return latest;
    }
}
