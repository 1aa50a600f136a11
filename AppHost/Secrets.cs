using System.Security.Cryptography;
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
    public static IResourceBuilder<ParameterResource> AddAdminKey(this IDistributedApplicationBuilder builder)
    {
        var key = builder.Configuration[AdminKeyVariable];
        if (string.IsNullOrWhiteSpace(key))
        {
            key = new StateDirectory(builder).GetOrCreateSecret("admin-key", out var created);
            if (created && builder.ExecutionContext.IsRunMode)
            {
                Console.WriteLine($"Generated the platform admin key (kept in the state folder as admin-key.secret): {key}");
            }
        }
        return builder.AddParameter(ResourceNames.AdminKeyParameter, key, secret: true);
    }

    /// <summary>The credential services demand on internal calls; new for every start of the app.</summary>
    public static IResourceBuilder<ParameterResource> AddServiceCredential(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(ResourceNames.ServiceCredentialParameter, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), secret: true);

    public static IResourceBuilder<T> WithServiceCredential<T>(this IResourceBuilder<T> resource, IResourceBuilder<ParameterResource> credential)
        where T : IResourceWithEnvironment =>
        resource.WithEnvironment(ServiceHeaders.ServiceCredentialConfigKey.Replace(":", "__"), credential);
}
