namespace Migration.Notification.Webhooks;

/// <summary>Which due deliveries a worker takes: oldest first, at most a few per subscription in flight, at most its free slots.</summary>
public static class ClaimSelection
{
    public static List<Guid> Pick(IEnumerable<(Guid Id, Guid SubscriptionId)> dueOldestFirst, IReadOnlyDictionary<Guid, int> inFlight,
        int perSubscription, int limit)
    {
        var counts = new Dictionary<Guid, int>(inFlight);
        var chosen = new List<Guid>();
        foreach (var (id, subscription) in dueOldestFirst)
        {
            if (chosen.Count >= limit)
            {
                break;
            }
            var running = counts.GetValueOrDefault(subscription);
            if (running >= perSubscription)
            {
                continue;
            }
            counts[subscription] = running + 1;
            chosen.Add(id);
        }
        return chosen;
    }
}
