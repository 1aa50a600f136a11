using Migration.Notification.Webhooks;

namespace Migration.UnitTests.Webhooks;

public sealed class ClaimSelectionTests
{
    private static readonly Guid Slow = Guid.NewGuid();
    private static readonly Guid Quick = Guid.NewGuid();

    private static List<(Guid, Guid)> Due(params Guid[] subscriptions) => subscriptions.Select(s => (Guid.NewGuid(), s)).ToList();

    [Fact]
    public void One_subscription_takes_at_most_its_share_and_the_rest_go_to_others()
    {
        var due = Due(Slow, Slow, Slow, Slow, Slow, Slow, Quick);
        var chosen = ClaimSelection.Pick(due, new Dictionary<Guid, int>(), perSubscription: 4, limit: 16);
        Assert.Equal([.. due.Take(4).Select(d => d.Item1), due[6].Item1], chosen);
    }

    [Fact]
    public void Tries_already_in_flight_count_against_the_share()
    {
        var due = Due(Slow, Slow, Quick);
        var chosen = ClaimSelection.Pick(due, new Dictionary<Guid, int> { [Slow] = 3 }, perSubscription: 4, limit: 16);
        Assert.Equal([due[0].Item1, due[2].Item1], chosen);
    }

    [Fact]
    public void No_more_than_the_free_slots_are_taken_oldest_first()
    {
        var due = Due(Quick, Slow, Quick, Slow);
        Assert.Equal([due[0].Item1, due[1].Item1], ClaimSelection.Pick(due, new Dictionary<Guid, int>(), 4, limit: 2));
        Assert.Empty(ClaimSelection.Pick(due, new Dictionary<Guid, int>(), 4, limit: 0));
    }
}
