using Migration.Provisioning.Quotas;

namespace Migration.UnitTests.Provisioning;

/// <summary>The token-bucket arithmetic of Graph's write quotas and the throttle scopes of its 429s.</summary>
public sealed class WriteQuotaTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_documented_quotas_are_the_defaults()
    {
        var options = new QuotaOptions();
        Assert.Equal((3000, 20.0), (options.AppTenant.Capacity, options.AppTenant.RefillPerSecond));
        Assert.Equal((18000, 60.0), (options.Tenant.Capacity, options.Tenant.RefillPerSecond));
        Assert.Equal(70000, options.App.Capacity);
        Assert.Equal(70000 / 300.0, options.App.RefillPerSecond, 6);
    }

    [Fact]
    public void A_burst_smaller_than_the_limit_sizes_the_bucket_but_not_its_rate()
    {
        var limit = new QuotaLimit { Limit = 3000, Window = TimeSpan.FromSeconds(150), Burst = 100 };
        Assert.Equal((100, 20.0), (limit.Capacity, limit.RefillPerSecond));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 1, 20)]
    [InlineData(10, 0.5, 20)]
    [InlineData(2990, 10, 3000)]
    [InlineData(5, -3, 5)]
    public void A_bucket_refills_at_its_rate_up_to_its_capacity_and_never_backwards(double tokens, double seconds, double expected)
    {
        Assert.Equal(expected, BucketMath.Available(tokens, 3000, 20, TimeSpan.FromSeconds(seconds)), 6);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 0.05)]
    [InlineData(0.5, 0.025)]
    [InlineData(-9, 0.5)]
    public void The_wait_for_a_token_is_the_missing_part_over_the_rate(double available, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), BucketMath.WaitFor(available, 20));
    }

    [Fact]
    public void A_token_is_given_at_once_when_every_bucket_has_one()
    {
        var full = new BucketState(10, 10, 1, Now, null);
        Assert.Equal((true, TimeSpan.Zero), BucketMath.Take([full, full, full], Now, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_token_due_within_the_longest_wait_is_reserved_and_the_wait_is_the_slowest_buckets()
    {
        var full = new BucketState(10, 10, 1, Now, null);
        var empty = new BucketState(0, 10, 4, Now, null);
        var reservedAhead = new BucketState(-3, 10, 4, Now, null);
        Assert.Equal((true, TimeSpan.FromSeconds(0.25)), BucketMath.Take([full, empty, full], Now, TimeSpan.FromSeconds(2)));
        Assert.Equal((true, TimeSpan.FromSeconds(1)), BucketMath.Take([full, reservedAhead], Now, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_token_further_away_than_the_longest_wait_is_not_reserved_and_the_answer_says_when_it_is_there()
    {
        var slow = new BucketState(-1, 10, 0.5, Now, null);
        Assert.Equal((false, TimeSpan.FromSeconds(4)), BucketMath.Take([new BucketState(10, 10, 1, Now, null), slow], Now, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_a_date_and_never_lies_in_the_past()
    {
        Assert.Equal(Now.AddSeconds(30), BucketMath.RetryAt(Now, TimeSpan.FromSeconds(30), null, TimeSpan.FromSeconds(10)));
        Assert.Equal(Now.AddMinutes(2), BucketMath.RetryAt(Now, null, Now.AddMinutes(2), TimeSpan.FromSeconds(10)));
        Assert.Equal(Now.AddSeconds(10), BucketMath.RetryAt(Now, null, null, TimeSpan.FromSeconds(10)));
        Assert.Equal(Now, BucketMath.RetryAt(Now, null, Now.AddMinutes(-1), TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("Tenant_Application/ReadWrite/9a3d526c-b3c1-4479-ba74-197b5c5751ae/0785ef7c-2d7a-4542-b048-95bcab406e0b", ThrottleScopeKind.TenantApplication)]
    [InlineData("Tenant/Write/9a3d526c-b3c1-4479-ba74-197b5c5751ae/0785ef7c-2d7a-4542-b048-95bcab406e0b", ThrottleScopeKind.Tenant)]
    [InlineData("application/ReadWrite/9a3d526c-b3c1-4479-ba74-197b5c5751ae/0785ef7c-2d7a-4542-b048-95bcab406e0b", ThrottleScopeKind.Application)]
    [InlineData(null, ThrottleScopeKind.TenantApplication)]
    [InlineData("", ThrottleScopeKind.TenantApplication)]
    [InlineData("Something/Else", ThrottleScopeKind.TenantApplication)]
    public void The_throttle_scope_header_names_the_bucket_a_429_blocks(string? header, ThrottleScopeKind expected)
    {
        Assert.Equal(expected, QuotaScopes.ParseThrottleScope(header));
    }

    [Fact]
    public void A_write_to_a_tenant_takes_from_the_pair_the_tenant_and_the_app()
    {
        var scopes = QuotaScopes.For("APP-1", " Contoso.Test ");
        Assert.Equal(["app-tenant:app-1:contoso.test", "tenant:contoso.test", "app:app-1"], scopes.All);
        Assert.Equal("tenant:contoso.test", scopes.Of(ThrottleScopeKind.Tenant));
        Assert.Equal("app:app-1", scopes.Of(ThrottleScopeKind.Application));
        Assert.Equal("app-tenant:app-1:contoso.test", scopes.Of(ThrottleScopeKind.TenantApplication));
    }
}
