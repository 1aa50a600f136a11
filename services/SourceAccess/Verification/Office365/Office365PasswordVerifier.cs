using Microsoft.Extensions.Options;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Office365;

/// <summary>
/// Office 365 with the user's own password: one resource-owner password grant at the tenant's token endpoint (a plain
/// OAuth2 POST: Azure.Identity's UsernamePasswordCredential is obsolete, and the POST gives Entra's <c>error_codes</c> as
/// they are), with the public client <see cref="Office365Options.PublicClientId"/>; then the user's inbox folder on Graph.
/// </summary>
internal sealed class Office365PasswordVerifier(
    IHttpClientFactory httpClients,
    IOptions<SourceEndpointOptions> endpoints,
    IOptions<Office365Options> options,
    GraphInboxProbe graph,
    ILogger<Office365PasswordVerifier> logger) : ISourceVerifier
{
    public bool Handles(SourceKind kind, AccessMethod method) => kind == SourceKind.Office365 && method == AccessMethod.Password;

    public async Task<VerificationOutcome> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var clientId = options.Value.PublicClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            logger.LogError("SourceAccess:Office365:PublicClientId is not set: Office 365 passwords cannot be checked.");
            return VerificationOutcome.Failed(SourceAccessReasons.InternalError);
        }
        var tenant = request.Source.TenantId ?? "organizations";
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.Value.EntraAuthorityHost, $"{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = clientId,
                ["scope"] = GraphInboxProbe.Scope,
                ["username"] = request.Secret.Name ?? request.MailboxAddress,
                ["password"] = request.Secret.Secret,
            }),
        };
        var (response, body) = await HttpSourceFaults.SendAsync(httpClients.Create(), tokenRequest, "Entra ID", cancellationToken);
        using (response)
        {
            if (!response.IsSuccessStatusCode && HttpSourceFaults.ForStatus(response.StatusCode, response.Headers.RetryAfter, "Entra ID") is { } unavailable)
            {
                throw unavailable;
            }
            var answer = EntraTokenAnswer.Parse(response.StatusCode, body);
            if (response.IsSuccessStatusCode && answer.AccessToken is { Length: > 0 } accessToken)
            {
                return await graph.ReadMyInboxAsync(accessToken, cancellationToken);
            }
            var reason = EntraErrorReasons.ForPasswordGrant(answer.ErrorCodes ?? []);
            if (reason == SourceAccessReasons.InternalError)
            {
                logger.LogWarning("Entra ID refused the password grant: {Error}, AADSTS {Codes}.", answer.Error, string.Join(',', answer.ErrorCodes ?? []));
            }
            return VerificationOutcome.Failed(reason);
        }
    }
}
