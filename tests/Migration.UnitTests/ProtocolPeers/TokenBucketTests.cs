using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.UnitTests.ProtocolPeers;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_bucket_admits_its_capacity_at_once_then_makes_the_next_wait_one_refill_step()
    {
        var bucket = new TokenBucket(3000, TimeSpan.FromSeconds(150), Start);

        for (var i = 0; i < 3000; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.WaitForOne(Start));
            bucket.Take(Start);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(50), bucket.WaitForOne(Start));
    }

    [Fact]
    public void It_refills_continuously_at_capacity_per_period_and_never_above_capacity()
    {
        var bucket = new TokenBucket(10, TimeSpan.FromSeconds(10), Start);
        for (var i = 0; i < 10; i++)
        {
            bucket.Take(Start);
        }

        Assert.Equal(2.5, bucket.Available(Start.AddSeconds(2.5)), 6);
        Assert.Equal(10, bucket.Available(Start.AddHours(1)), 6);
    }

    [Fact]
    public void The_wait_shrinks_as_time_passes()
    {
        var bucket = new TokenBucket(1, TimeSpan.FromSeconds(4), Start);
        bucket.Take(Start);

        Assert.Equal(TimeSpan.FromSeconds(4), bucket.WaitForOne(Start));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.WaitForOne(Start.AddSeconds(3)));
        Assert.Equal(TimeSpan.Zero, bucket.WaitForOne(Start.AddSeconds(4)));
    }

    [Fact]
    public void A_bucket_without_capacity_or_period_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(0, TimeSpan.FromSeconds(1), Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(1, TimeSpan.Zero, Start));
    }
}
