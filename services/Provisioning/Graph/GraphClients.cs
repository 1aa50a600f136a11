using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;

namespace Migration.Provisioning.Graph;

/// <summary>
/// One Graph client per destination tenant, signed in as the platform's app with a <see cref="ClientSecretCredential"/>
/// for that tenant, whose token cache serves all its jobs. The authentication provider sends the token only to the
/// configured Graph host (by default it sends none to a host that is not Microsoft's).
/// </summary>
public sealed class GraphClients(IHttpClientFactory httpClients, IOptions<GraphOptions> options)
{
    private readonly ConcurrentDictionary<string, GraphServiceClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public string AppId => options.Value.ClientId;

    public GraphServiceClient For(string tenant) => _clients.GetOrAdd(tenant, Create);

    private GraphServiceClient Create(string tenant)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ClientId) || string.IsNullOrWhiteSpace(settings.ClientSecret))
        {
            throw new InvalidOperationException("Provisioning:Graph:ClientId and ClientSecret must be configured.");
        }
        var credentialOptions = new ClientSecretCredentialOptions
        {
            AuthorityHost = settings.AuthorityHost,
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(httpClients.CreateClient(GraphHttp.TokenClient)),
        };
        credentialOptions.Retry.MaxRetries = 2;
        var credential = new ClientSecretCredential(tenant, settings.ClientId, settings.ClientSecret, credentialOptions);
        var authentication = new AzureIdentityAuthenticationProvider(credential, [settings.BaseUrl.Host], null, true, GraphOptions.Scope);
        return new GraphServiceClient(httpClients.CreateClient(GraphHttp.GraphClient), authentication, settings.BaseUrl.ToString().TrimEnd('/'));
    }
}
