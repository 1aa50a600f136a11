using System.Net.Http.Headers;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Google;

/// <summary>
/// <c>google</c> + <c>oauth</c>: the project's service account, through domain-wide delegation, asks for a Gmail
/// read-only token as the mailbox's user (one JWT bearer grant at <see cref="SourceEndpointOptions.GoogleTokenUrl"/>),
/// then reads that user's Gmail profile. No mail is read. Both requests go through the "source" HttpClient, so that the
/// configured certificate trust applies, and neither is retried here (Google.Apis' own back-off is switched off).
/// </summary>
public sealed class GoogleVerifier(
    IOptions<SourceEndpointOptions> endpoints, IHttpMessageHandlerFactory handlers, System.Net.Http.IHttpClientFactory clients, TimeProvider clock,
    ILogger<GoogleVerifier> logger) : ISourceVerifier
{
    public const string GmailReadonlyScope = "https://www.googleapis.com/auth/gmail.readonly";

    public bool Handles(SourceKind kind, AccessMethod method) => kind == SourceKind.Google && method == AccessMethod.Oauth;

    public async Task<VerificationOutcome> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        if (GoogleServiceAccountKey.Parse(request.Secret.Secret) is not { } key)
        {
            logger.LogInformation("The project's Google grant is not a service account's JSON key");
            return VerificationOutcome.Failed(SourceAccessReasons.InvalidPassword);
        }
        using var recorder = new RetryAfterRecorder(handlers.CreateHandler(SourceHttp.ClientName), clock);
        if (CreateCredential(key, request.MailboxAddress, recorder) is not { } credential)
        {
            return VerificationOutcome.Failed(SourceAccessReasons.InvalidPassword);
        }

        string token;
        try
        {
            token = await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (TokenResponseException refused)
        {
            if (GoogleAnswers.MayPass(refused.StatusCode) is { } transient)
            {
                throw new SourceUnavailableException(transient, recorder.LastRetryAfter, $"Google's token endpoint answered {(int?)refused.StatusCode}.");
            }
            var reason = GoogleAnswers.ForTokenError(refused.Error?.Error, refused.Error?.ErrorDescription);
            logger.LogInformation("Google refused the token for {Mailbox}: {Error} ({Reason})", request.MailboxAddress, refused.Error?.Error, reason);
            return VerificationOutcome.Failed(reason);
        }
        catch (Exception ex) when (IsConnectionFault(ex, cancellationToken))
        {
            throw Unreachable("token endpoint", ex);
        }
        return await ReadProfileAsync(request.MailboxAddress, token, cancellationToken);
    }

    private ServiceAccountCredential? CreateCredential(GoogleServiceAccountKey key, string mailbox, HttpMessageHandler handler)
    {
        var initializer = new ServiceAccountCredential.Initializer(key.ClientEmail, endpoints.Value.GoogleTokenUrl.ToString())
        {
            User = mailbox,
            Scopes = [GmailReadonlyScope],
            KeyId = key.PrivateKeyId,
            HttpClientFactory = new HttpClientFromMessageHandlerFactory(_ =>
                new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(handler, false, false)),
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
        };
        try
        {
            return new ServiceAccountCredential(initializer.FromPrivateKey(key.PrivateKey));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            logger.LogInformation("The project's Google service account key cannot be read ({Error})", ex.GetType().Name);
            return null;
        }
    }

    private async Task<VerificationOutcome> ReadProfileAsync(string mailbox, string token, CancellationToken cancellationToken)
    {
        var http = clients.Create();
        using var profile = new HttpRequestMessage(HttpMethod.Get,
            new Uri(endpoints.Value.GmailBaseUrl, $"gmail/v1/users/{Uri.EscapeDataString(mailbox)}/profile"));
        profile.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(profile, cancellationToken);
        }
        catch (Exception ex) when (IsConnectionFault(ex, cancellationToken))
        {
            throw Unreachable("Gmail API", ex);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return VerificationOutcome.Verified;
            }
            if (GoogleAnswers.MayPass(response.StatusCode) is { } transient)
            {
                throw new SourceUnavailableException(transient, RetryAfterRecorder.RetryAfterOf(response, clock), $"The Gmail API answered {(int)response.StatusCode}.");
            }
            var reason = GoogleAnswers.ForGmailError(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            logger.LogInformation("Gmail refused the profile of {Mailbox}: {Status} ({Reason})", mailbox, (int)response.StatusCode, reason);
            return VerificationOutcome.Failed(reason);
        }
    }

    private static bool IsConnectionFault(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    private static SourceUnavailableException Unreachable(string what, Exception ex) =>
        new(SourceAccessReasons.ServerUnreachable, null, $"Google's {what} could not be reached ({ex.GetType().Name}).", ex);
}
