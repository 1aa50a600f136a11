using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.UnitTests.ProtocolPeers;

public sealed class WriteQuotasTests
{
    private const string App = "11111111-1111-4111-8111-111111111111";
    private const string OtherApp = "22222222-2222-4222-8222-222222222222";
    private const string Tenant = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    private const string OtherTenant = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;

        public void Advance(TimeSpan by) => Now += by;
    }

    private readonly ManualTime _time = new();

    private WriteQuotas Quotas(GraphQuotaOptions options) => new(_time) { Options = options };

    private static int Admitted(WriteQuotas quotas, int writes, string app = App, string tenant = Tenant, TenantQuotas? tenantQuotas = null) =>
        Enumerable.Range(0, writes).Count(_ => quotas.TryWrite(app, tenant, tenantQuotas).Admitted);

    [Fact]
    public void The_documented_defaults_are_the_identity_write_quotas()
    {
        var options = new GraphQuotaOptions();

        Assert.Equal((3000, 150d), (options.AppTenantWrites, options.AppTenantPeriodSeconds));
        Assert.Equal((18000, 300d), (options.TenantWrites, options.TenantPeriodSeconds));
        Assert.Equal((70000, 300d), (options.AppWrites, options.AppPeriodSeconds));
        Assert.Equal(1d, options.TimeScale);
    }

    [Fact]
    public void The_app_and_tenant_quota_binds_first_with_Retry_After_and_its_scope()
    {
        var quotas = Quotas(new GraphQuotaOptions());

        Assert.Equal(3000, Admitted(quotas, 3001));
        var refused = quotas.TryWrite(App, Tenant, null);

        Assert.False(refused.Admitted);
        Assert.Equal(ThrottleScope.Tenant_Application, refused.Scope);
        Assert.Equal(1, refused.RetryAfterSeconds);
        Assert.Equal($"Tenant_Application/Write/{App}/{Tenant}", refused.ScopeHeader(App, Tenant));
    }

    [Fact]
    public void The_tenant_quota_counts_the_writes_of_every_app()
    {
        var quotas = Quotas(new GraphQuotaOptions { AppTenantWrites = 10, TenantWrites = 15 });

        Assert.Equal(10, Admitted(quotas, 10, App));
        Assert.Equal(5, Admitted(quotas, 10, OtherApp));
        Assert.Equal(ThrottleScope.Tenant, quotas.TryWrite(OtherApp, Tenant, null).Scope);
        Assert.Equal(10, Admitted(quotas, 10, App, OtherTenant));
    }

    [Fact]
    public void The_app_quota_counts_the_writes_in_every_tenant()
    {
        var quotas = Quotas(new GraphQuotaOptions { AppTenantWrites = 10, AppWrites = 15 });

        Assert.Equal(10, Admitted(quotas, 10, App, Tenant));
        Assert.Equal(5, Admitted(quotas, 10, App, OtherTenant));
        Assert.Equal(ThrottleScope.Application, quotas.TryWrite(App, OtherTenant, null).Scope);
        Assert.Equal(10, Admitted(quotas, 10, OtherApp, OtherTenant));
    }

    [Fact]
    public void A_throttled_write_takes_no_token_of_any_scope()
    {
        var quotas = Quotas(new GraphQuotaOptions { AppTenantWrites = 2, TenantWrites = 3 });

        Assert.Equal(2, Admitted(quotas, 5, App));
        Assert.Equal(1, Admitted(quotas, 5, OtherApp));
    }

    [Fact]
    public void The_time_scale_refills_faster_and_shortens_Retry_After_rounded_up_to_at_least_one_second()
    {
        var quotas = Quotas(new GraphQuotaOptions { AppTenantWrites = 10, AppTenantPeriodSeconds = 150, TimeScale = 5 });

        Assert.Equal(10, Admitted(quotas, 10));
        Assert.Equal(3, quotas.TryWrite(App, Tenant, null).RetryAfterSeconds); // 15 s per token / 5 = 3 s

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(quotas.TryWrite(App, Tenant, null).Admitted);

        var fast = Quotas(new GraphQuotaOptions { AppTenantWrites = 10, AppTenantPeriodSeconds = 150, TimeScale = 1000 });
        Assert.Equal(10, Admitted(fast, 10));
        Assert.Equal(1, fast.TryWrite(App, Tenant, null).RetryAfterSeconds);
    }

    [Fact]
    public void A_tenants_own_quotas_apply_to_it_only()
    {
        var quotas = Quotas(new GraphQuotaOptions());
        var small = new TenantQuotas(AppTenantWrites: 2, AppTenantPeriodSeconds: 10);

        Assert.Equal(2, Admitted(quotas, 5, tenantQuotas: small));
        Assert.Equal(5, Admitted(quotas, 5, tenant: OtherTenant));
    }

    [Fact]
    public void A_write_after_the_allowance_but_before_the_Retry_After_is_marked_and_one_after_it_is_not()
    {
        var quotas = Quotas(new GraphQuotaOptions { AppTenantWrites = 1, AppTenantPeriodSeconds = 2, InFlightAllowanceMilliseconds = 100 });
        Assert.Equal(1, Admitted(quotas, 1));
        var refused = quotas.TryWrite(App, Tenant, null);
        Assert.Equal(2, refused.RetryAfterSeconds);

        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(quotas.TryWrite(App, Tenant, null).BeforeRetryAfter); // already on its way
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(quotas.TryWrite(App, Tenant, null).BeforeRetryAfter);
        _time.Advance(TimeSpan.FromSeconds(2));
        var after = quotas.TryWrite(App, Tenant, null);
        Assert.True(after.Admitted);
        Assert.False(after.BeforeRetryAfter);
    }

    [Fact]
    public void Disabled_quotas_admit_every_write()
    {
        var quotas = Quotas(new GraphQuotaOptions { Enabled = false, AppTenantWrites = 1 });

        Assert.Equal(100, Admitted(quotas, 100));
    }
}
