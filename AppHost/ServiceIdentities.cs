using System.Security.Cryptography;
using Migration.Contracts;

namespace Migration.AppHost;

/// <summary>
/// One credential per service of the platform (a secret parameter each, new for every start of the app). A service gets
/// its own credential, to present on its calls, and only the hashes of the other identities' credentials, so that it can
/// recognise every caller but pose as none; each endpoint names which callers it allows. See docs/decisions/0015.
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

    /// <summary>The resource acts as <paramref name="service"/> and recognises every other identity by its hash.</summary>
    public IResourceBuilder<T> Apply<T>(IResourceBuilder<T> resource, string service) where T : IResourceWithEnvironment
    {
        resource.WithEnvironment(ServiceAuth.EnvironmentVariable(ServiceAuth.Credential), this[service]);
        foreach (var (caller, credential) in _credentials.Where(c => c.Key != service))
        {
            resource.WithEnvironment(async context =>
                context.EnvironmentVariables[ServiceAuth.EnvironmentVariable(ServiceAuth.Callers, caller)] =
                    ServiceAuth.Hash((await credential.Resource.GetValueAsync(context.CancellationToken))!));
        }
        return resource;
    }
}

public static class ServiceIdentityResourceExtensions
{
    public static IResourceBuilder<T> WithServiceIdentity<T>(this IResourceBuilder<T> resource, ServiceIdentities identities, string service)
        where T : IResourceWithEnvironment =>
        identities.Apply(resource, service);
}
