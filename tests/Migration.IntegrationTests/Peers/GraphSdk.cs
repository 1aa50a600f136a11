using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;

namespace Migration.IntegrationTests.Peers;

/// <summary>
/// The real Microsoft Graph SDK (GraphServiceClient, with its default middleware) and Azure.Identity's client-credentials
/// flow, pointed at the peers as a service points them at Microsoft: the authority host and the Graph base URL changed only.
/// </summary>
public static class GraphSdk
{
    public const string GraphScope = "https://graph.microsoft.com/.default";

    public static ClientSecretCredential Credential(ProtocolPeersConnection peers, string tenant, string clientId, string secret) =>
        new(tenant, clientId, secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = peers.BaseUrl,
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(new HttpClient(peers.CreateHandler())),
        });

    public static GraphServiceClient Client(ProtocolPeersConnection peers, string tenant, string clientId, string secret)
    {
        var http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: peers.CreateHandler());
        // The SDK attaches tokens for Microsoft's Graph hosts only, unless told which hosts to trust with them.
        var authentication = new AzureIdentityAuthenticationProvider(Credential(peers, tenant, clientId, secret), [peers.BaseUrl.Host],
            observabilityOptions: null, isCaeEnabled: true, GraphScope);
        return new GraphServiceClient(http, authentication, new Uri(peers.BaseUrl, "v1.0").ToString());
    }
}
