using System.Security.Cryptography;
using Migration.Contracts;

namespace Migration.AppHost;

/// <summary>
/// One credential per service of the platform (a secret parameter each, new for every start of the app). A service gets
/// its own credential, to present on its calls, and only the hashes of the credentials of the services it accepts calls
/// from, so that it can recognise them but not pose as them. See docs/decisions (one service, one identity).
/// </summary>
public sealed class ServiceIdentities
{
    private readonly Dictionary<string, IResourceBuilder<ParameterResource>> _credentials;

    private ServiceIdentities(Dictionary<string, IResourceBuilder<ParameterResource>> credentials) => _credentials = credentials;

    public static ServiceIdentities Add(IDistributedApplicationBuilder builder, params string[] services) =>
        new(services.ToDictionary(service => service, service => builder.AddParameter(ResourceNames.CredentialParameter(service),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), secret: true)));

    public IResourceBuilder<ParameterResource> this[string service] =>
        _credentials.TryGetValue(service, out var credential) ? credential : throw new ArgumentException($"{service} has no identity.", nameof(service));

    /// <summary>The resource acts as <paramref name="service"/> and accepts calls from <paramref name="callers"/> only.</summary>
    public IResourceBuilder<T> Apply<T>(IResourceBuilder<T> resource, string service, params string[] callers) where T : IResourceWithEnvironment
    {
        resource.WithEnvironment(ServiceAuth.EnvironmentVariable(ServiceAuth.Credential), this[service]);
        foreach (var caller in callers)
        {
            var credential = this[caller];
            resource.WithEnvironment(async context =>
                context.EnvironmentVariables[ServiceAuth.EnvironmentVariable(ServiceAuth.Callers, caller)] =
                    ServiceAuth.Hash((await credential.Resource.GetValueAsync(context.CancellationToken))!));
        }
        return resource;
    }
}

public static class ServiceIdentityResourceExtensions
{
    public static IResourceBuilder<T> WithServiceIdentity<T>(this IResourceBuilder<T> resource, ServiceIdentities identities, string service,
        params string[] callers) where T : IResourceWithEnvironment =>
        identities.Apply(resource, service, callers);
}
