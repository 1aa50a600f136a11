using System.Text.Json;
using Migration.ProtocolPeers.Entra;
using Migration.ProtocolPeers.Ews;
using Migration.ProtocolPeers.Graph.Provisioning;

namespace Migration.ProtocolPeers;

/// <summary>The demo users, apps and rights of a local run (docs/local-peers.md), from Seed/microsoft.json.</summary>
public sealed record MicrosoftSeed(EntraSeed Entra, EwsSeed Ews, GraphSeed? Graph = null);

/// <summary>The subscriptions every destination tenant starts with (any tenant id is accepted), and named demo tenants.</summary>
public sealed record GraphSeed(TenantSku[]? DefaultSkus = null, Dictionary<string, TenantSpec>? Tenants = null);

public sealed record EntraSeed(RegisteredApp[] Apps, DirectoryUser[] Users);

public sealed record EwsSeed(EwsAccount[] Accounts, ImpersonationRight[] ImpersonationRights);

public static class DemoSeed
{
    public static WebApplication SeedMicrosoftDemo(this WebApplication app)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Seed", "microsoft.json");
        var seed = JsonSerializer.Deserialize<MicrosoftSeed>(File.ReadAllText(file), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{file} is empty.");
        var entra = app.Services.GetRequiredService<EntraDirectory>();
        foreach (var registered in seed.Entra.Apps)
        {
            entra.Register(registered);
        }
        foreach (var user in seed.Entra.Users)
        {
            entra.Add(user);
        }
        var tenants = app.Services.GetRequiredService<GraphTenants>();
        if (seed.Graph?.DefaultSkus is { } skus)
        {
            tenants.DefaultSkus = skus;
        }
        foreach (var (tenant, spec) in seed.Graph?.Tenants ?? [])
        {
            tenants.Put(tenant, spec);
        }
        var ews = app.Services.GetRequiredService<EwsDirectory>();
        foreach (var account in seed.Ews.Accounts)
        {
            ews.Add(account);
        }
        foreach (var right in seed.Ews.ImpersonationRights)
        {
            ews.Grant(right);
        }
        return app;
    }
}
