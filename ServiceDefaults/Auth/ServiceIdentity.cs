using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Migration.Contracts;

namespace Migration.ServiceDefaults.Auth;

/// <summary>
/// This service's identity inside the platform (<c>ServiceAuth</c> in configuration): its own credential, which it presents
/// on the calls it makes, and the SHA-256 hashes of the credentials of the services it accepts calls from, by name. Holding
/// only hashes, a service can recognise its callers but not pose as them.
/// </summary>
public sealed class ServiceIdentityOptions
{
    public const string Section = ServiceAuth.Section;

    /// <summary>This service's own credential; needed only by a service that calls another one.</summary>
    public string? Credential { get; set; }

    /// <summary>Caller name (a <see cref="ResourceNames"/> value) to the lower-case hex SHA-256 of its credential.</summary>
    public Dictionary<string, string> Callers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>This service's own credential, for its calls to other services.</summary>
public sealed class ServiceCredential(IOptions<ServiceIdentityOptions> options)
{
    public string Value { get; } = options.Value.Credential is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{ServiceIdentityOptions.Section}:{nameof(ServiceIdentityOptions.Credential)} is not configured.");
}

/// <summary>The services this one accepts calls from, recognised by the hash of the credential they present.</summary>
public sealed class ServiceCallers
{
    private readonly (string Name, byte[] Hash)[] _callers;

    public ServiceCallers(IOptions<ServiceIdentityOptions> options) =>
        _callers = options.Value.Callers.Select(c => (c.Key, Convert.FromHexString(c.Value))).ToArray();

    /// <summary>The caller whose credential this is, or null; every hash is compared (in constant time), whichever matches.</summary>
    public string? Identify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? caller = null;
        foreach (var (name, expected) in _callers)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, hash))
            {
                caller = name;
            }
        }
        return caller;
    }
}

/// <summary>Presents this service's credential on every request of an HTTP client to another service.</summary>
public sealed class ServiceCredentialHandler(ServiceCredential credential) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(ServiceHeaders.ServiceCredential);
        request.Headers.Add(ServiceHeaders.ServiceCredential, credential.Value);
        return base.SendAsync(request, cancellationToken);
    }
}

public static class ServiceIdentityExtensions
{
    /// <summary>This service's own credential, checked at start (a migration run, which calls no one, needs none); once is enough.</summary>
    public static IHostApplicationBuilder AddServiceCredential(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceIdentityOptions>().BindConfiguration(ServiceIdentityOptions.Section)
            .Validate(o => !string.IsNullOrEmpty(o.Credential), $"{ServiceIdentityOptions.Section}:{nameof(ServiceIdentityOptions.Credential)} is not configured.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<ServiceCredential>();
        builder.Services.TryAddTransient<ServiceCredentialHandler>();
        return builder;
    }
}
