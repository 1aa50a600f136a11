using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Office365;

/// <summary>
/// Reads the inbox folder (its metadata, no mail) from Graph with a token: <c>users/{upn}/mailFolders/inbox</c> app-only,
/// <c>me/mailFolders/inbox</c> delegated. 403 is a permission not granted or consented, 404 a user or mailbox that does
/// not exist.
/// </summary>
internal sealed class GraphInboxProbe(IHttpClientFactory httpClients, IOptions<SourceEndpointOptions> endpoints)
{
    public const string Scope = "https://graph.microsoft.com/.default";

    public Task<VerificationOutcome> ReadUserInboxAsync(string accessToken, string upn, CancellationToken cancellationToken) =>
        ReadAsync(accessToken, $"users/{Uri.EscapeDataString(upn)}/mailFolders/inbox", cancellationToken);

    public Task<VerificationOutcome> ReadMyInboxAsync(string accessToken, CancellationToken cancellationToken) =>
        ReadAsync(accessToken, "me/mailFolders/inbox", cancellationToken);

    private async Task<VerificationOutcome> ReadAsync(string accessToken, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoints.Value.GraphBaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (response, _) = await HttpSourceFaults.SendAsync(httpClients.Create(), request, "Graph", cancellationToken);
        using (response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.OK => VerificationOutcome.Verified,
                HttpStatusCode.Forbidden => VerificationOutcome.Failed(SourceAccessReasons.ConsentMissing),
                HttpStatusCode.NotFound => VerificationOutcome.Failed(SourceAccessReasons.MailboxNotFound),
                var status => HttpSourceFaults.ForStatus(status, response.Headers.RetryAfter, "Graph") is { } unavailable
                    ? throw unavailable
                    : VerificationOutcome.Failed(SourceAccessReasons.InternalError),
            };
        }
    }
}
