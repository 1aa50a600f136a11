using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.UnitTests.ProtocolPeers;

public sealed class DestinationTenantTests
{
    private static readonly Guid E3 = KnownSkus.IdOf("ENTERPRISEPACK");
    private static readonly Guid Exchange = KnownSkus.IdOf("EXCHANGESTANDARD");

    private static DestinationTenant Tenant(int e3Seats = 2, int exchangeSeats = 1) =>
        new("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", new TenantSpec(["contoso.test"], [new("ENTERPRISEPACK", e3Seats), new("EXCHANGESTANDARD", exchangeSeats)]));

    private static DestinationUser User(string alias, string? usageLocation = "US") => new()
    {
        Id = Guid.NewGuid().ToString(),
        UserPrincipalName = $"{alias}@contoso.test",
        DisplayName = alias,
        MailNickname = alias,
        Password = "Pass-word-1",
        UsageLocation = usageLocation,
    };

    private static DirectoryRefusal Assign(DestinationTenant tenant, DestinationUser user, Guid[] add, Guid[]? remove = null) =>
        tenant.AssignLicenses(user.Id, add, remove ?? [], out _, out _);

    [Fact]
    public void Microsofts_ids_of_the_well_known_skus_are_used()
    {
        Assert.Equal(Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900"), E3);
        Assert.Equal(Guid.Parse("05e9a617-0261-4cee-bb44-138d3ef5d965"), KnownSkus.IdOf("spe_e3"));
        Assert.Equal(KnownSkus.IdOf("CUSTOM_SKU"), KnownSkus.IdOf("custom_sku"));
    }

    [Fact]
    public void A_upn_exists_once_whatever_its_case_and_is_found_by_upn_or_id()
    {
        var tenant = Tenant();
        var user = User("ada");

        Assert.Equal(DirectoryRefusal.None, tenant.Create(user));
        Assert.Equal(DirectoryRefusal.UpnConflict, tenant.Create(User("ADA")));
        Assert.Equal(user.Id, tenant.Find("Ada@Contoso.test")!.Id);
        Assert.Equal(user.Id, tenant.Find(user.Id)!.Id);
        Assert.Single(tenant.Users);
    }

    [Fact]
    public void Seats_are_counted_a_held_licence_takes_no_second_seat_and_a_removed_one_frees_its_seat()
    {
        var tenant = Tenant(e3Seats: 1);
        var first = User("first");
        var second = User("second");
        tenant.Create(first);
        tenant.Create(second);

        Assert.Equal(DirectoryRefusal.None, Assign(tenant, first, [E3]));
        Assert.Equal(DirectoryRefusal.None, Assign(tenant, first, [E3]));
        Assert.Equal(1, tenant.Consumed(E3));
        Assert.Equal(DirectoryRefusal.NoFreeSeat, Assign(tenant, second, [E3]));
        Assert.Equal(DirectoryRefusal.None, Assign(tenant, first, [Exchange], remove: [E3]));
        Assert.Equal(DirectoryRefusal.None, Assign(tenant, second, [E3]));
        Assert.Equal((1, 1), (tenant.Consumed(E3), tenant.Consumed(Exchange)));
    }

    [Fact]
    public void A_licence_needs_a_usage_location_and_a_sku_of_the_tenant_and_a_refusal_changes_nothing()
    {
        var tenant = Tenant();
        var nowhere = User("nowhere", usageLocation: null);
        var user = User("user");
        tenant.Create(nowhere);
        tenant.Create(user);

        Assert.Equal(DirectoryRefusal.InvalidUsageLocation, Assign(tenant, nowhere, [E3]));
        Assert.Equal(DirectoryRefusal.UnknownSku, tenant.AssignLicenses(user.Id, [Guid.NewGuid()], [], out _, out _));
        Assert.Equal(DirectoryRefusal.UserNotFound, tenant.AssignLicenses("someone@contoso.test", [E3], [], out _, out _));
        Assert.Empty(tenant.Find(nowhere.Id)!.AssignedLicenses);
        Assert.Empty(tenant.Find(user.Id)!.AssignedLicenses);
        Assert.Equal(0, tenant.Consumed(E3));
    }

    [Fact]
    public void An_assignment_with_one_sku_short_of_seats_assigns_none_of_them()
    {
        var tenant = Tenant(e3Seats: 2, exchangeSeats: 1);
        var first = User("first");
        var second = User("second");
        tenant.Create(first);
        tenant.Create(second);
        Assert.Equal(DirectoryRefusal.None, Assign(tenant, first, [E3, Exchange]));

        Assert.Equal(DirectoryRefusal.NoFreeSeat, Assign(tenant, second, [E3, Exchange]));

        Assert.Empty(tenant.Find(second.Id)!.AssignedLicenses);
        Assert.Equal((1, 1), (tenant.Consumed(E3), tenant.Consumed(Exchange)));
    }

    [Fact]
    public void A_deleted_user_frees_its_seat_and_its_upn()
    {
        var tenant = Tenant(e3Seats: 1);
        var user = User("gone");
        tenant.Create(user);
        Assign(tenant, user, [E3]);

        Assert.Equal(DirectoryRefusal.None, tenant.Delete("gone@contoso.test"));

        Assert.Equal(DirectoryRefusal.UserNotFound, tenant.Delete(user.Id));
        Assert.Equal(0, tenant.Consumed(E3));
        Assert.Equal(DirectoryRefusal.None, tenant.Create(User("gone")));
    }

    [Fact]
    public void Only_the_named_domains_are_accepted_and_a_tenant_without_names_accepts_any()
    {
        Assert.True(Tenant().AcceptsDomainOf("a@contoso.test"));
        Assert.False(Tenant().AcceptsDomainOf("a@fabrikam.test"));
        Assert.False(Tenant().AcceptsDomainOf("contoso.test"));
        Assert.True(new DestinationTenant("t", new TenantSpec()).AcceptsDomainOf("a@anything.test"));
    }
}
