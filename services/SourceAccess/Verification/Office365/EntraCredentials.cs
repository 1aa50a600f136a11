using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace Migration.SourceAccess.Verification.Office365;

/// <summary>
/// One <see cref="ClientSecretCredential"/> per authority, tenant, app and secret, so that its token cache serves the
/// checks of a whole project: thousands of mailboxes, one token request an hour. No retries of its own (the check is
/// retried as a whole), the source client as transport, and no instance discovery, which only Microsoft's hosts answer.
/// </summary>
internal sealed class EntraCredentials(IHttpClientFactory httpClients, IOptions<SourceEndpointOptions> endpoints)
{
    private readonly ConcurrentDictionary<string, ClientSecretCredential> _credentials = new();

    public ClientSecretCredential For(string tenantId, string clientId, string secret)
    {
        var authority = endpoints.Value.EntraAuthorityHost;
        var key = $"{authority}|{tenantId}|{clientId}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))}";
        return _credentials.GetOrAdd(key, _ =>
        {
            var options = new ClientSecretCredentialOptions
            {
                AuthorityHost = authority,
                DisableInstanceDiscovery = true,
                Transport = new HttpClientTransport(httpClients.Create()),
            };
            options.Retry.MaxRetries = 0;
            return new ClientSecretCredential(tenantId, clientId, secret, options);
        });
    }
}
