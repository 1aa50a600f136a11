using Migration.AppHost.Infrastructure;
using Migration.Contracts;

namespace Migration.AppHost;

public static class Secrets
{
    public const string AdminKeyVariable = "MIGRATION_ADMIN_KEY";

    /// <summary>
    /// The platform administrator key: MIGRATION_ADMIN_KEY when set; otherwise one generated on the first local run,
    /// kept in the state folder and printed that once.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddAdminKey(this IDistributedApplicationBuilder builder, StateDirectory state)
    {
        var key = builder.Configuration[AdminKeyVariable];
        if (string.IsNullOrWhiteSpace(key))
        {
            key = state.GetOrCreateSecret("admin-key", out var created);
            if (created && builder.ExecutionContext.IsRunMode)
            {
                Console.WriteLine($"Generated the platform admin key (kept in the state folder as admin-key.secret): {key}");
            }
        }
        return builder.AddParameter(ResourceNames.AdminKeyParameter, key, secret: true);
    }

    /// <summary>
    /// The vault's key-encryption keys in a local key file in the state folder: for local runs and tests. Production
    /// configures <c>Vault__KeyProvider=azureKeyVault</c> and <c>Vault__AzureKeyVaultKeyId</c> instead.
    /// </summary>
    public static IResourceBuilder<T> WithLocalKeyFile<T>(this IResourceBuilder<T> resource, StateDirectory state)
        where T : IResourceWithEnvironment =>
        resource.WithEnvironment("Vault__KeyProvider", "local")
            .WithEnvironment("Vault__LocalKeyFile", state.Combine("vault", "key-encryption-keys.json"));

    /// <summary>
    /// The key that seals the dashboard's Data Protection key ring in its database (docs/decisions/0026):
    /// <c>Dashboard:KeyRing:Key</c> when set, otherwise one generated in the state folder; a secret parameter either way.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddDashboardKeyRingKey(this IDistributedApplicationBuilder builder, StateDirectory state)
    {
        var key = builder.Configuration["Dashboard:KeyRing:Key"];
        if (string.IsNullOrWhiteSpace(key))
        {
            key = state.GetOrCreateSecret("dashboard-key-ring-key", out _);
        }
        return builder.AddParameter(ResourceNames.DashboardKeyRingKeyParameter, key, secret: true);
    }

    public static IResourceBuilder<ProjectResource> WithDashboardKeyRingKey(this IResourceBuilder<ProjectResource> resource,
        IResourceBuilder<ParameterResource> key) =>
        resource.WithEnvironment("Dashboard__KeyRing__Key", key);
}
