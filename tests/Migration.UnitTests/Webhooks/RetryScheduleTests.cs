using Migration.Notification.Webhooks;

namespace Migration.UnitTests.Webhooks;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Created = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly WebhookOptions Production = new();

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(8, 3840)]
    [InlineData(9, 7200)]
    [InlineData(40, 7200)]
    public void The_delay_doubles_up_to_the_maximum(int attempts, int seconds)
    {
        var now = Created.AddMinutes(1);
        Assert.Equal(now.AddSeconds(seconds), RetrySchedule.Next(attempts, Created, now, Production, jitter: 0.5));
    }

    [Fact]
    public void Jitter_spreads_the_delay_by_a_fifth_either_way()
    {
        var now = Created.AddMinutes(1);
        Assert.Equal(now.AddSeconds(24), RetrySchedule.Next(1, Created, now, Production, 0));
        Assert.Equal(now.AddSeconds(36), RetrySchedule.Next(1, Created, now, Production, 1));
    }

    [Fact]
    public void Tries_go_on_for_at_least_24_hours_then_stop()
    {
        var now = Created;
        var attempts = 0;
        DateTimeOffset? next = now;
        while (next is { } at)
        {
            now = at;
            attempts++;
            next = RetrySchedule.Next(attempts, Created, now, Production, jitter: 0.99);
        }
        Assert.True(now >= Created.AddHours(24), $"the last try was at {now}");
        Assert.True(now <= Created.AddHours(25) + Production.MaxRetryDelay * 1.2);
        Assert.InRange(attempts, 15, 30);
    }

    [Fact]
    public void A_test_schedule_runs_in_seconds()
    {
        var fast = new WebhookOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(500), MaxRetryDelay = TimeSpan.FromSeconds(2), RetryFor = TimeSpan.FromMinutes(1) };
        Assert.Equal(Created.AddMilliseconds(500), RetrySchedule.Next(1, Created, Created, fast, 0.5));
        Assert.Null(RetrySchedule.Next(5, Created, Created.AddMinutes(1), fast, 0.5));
    }
}
