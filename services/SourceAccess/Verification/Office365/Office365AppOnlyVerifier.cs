using Azure.Core;
using Azure.Identity;
using Microsoft.Identity.Client;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Office365;

/// <summary>
/// Office 365 with the project's app (Source-Side Impersonation the way Exchange Online allows it now: EWS
/// ApplicationImpersonation is retired): an app-only token by client credentials, then the user's inbox folder on Graph.
/// The grant's <see cref="SourceSecret.Name"/> is the app's client id, <see cref="SourceSecret.Secret"/> its secret.
/// </summary>
internal sealed class Office365AppOnlyVerifier(EntraCredentials credentials, GraphInboxProbe graph, ILogger<Office365AppOnlyVerifier> logger)
    : ISourceVerifier
{
    public bool Handles(SourceKind kind, AccessMethod method) => kind == SourceKind.Office365 && method == AccessMethod.Impersonation;

    public async Task<VerificationOutcome> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var tenant = request.Source.TenantId ?? throw new InvalidOperationException("An Office 365 source needs its tenant id.");
        var clientId = request.Secret.Name ?? throw new InvalidOperationException("An Office 365 grant needs the app's client id.");
        AccessToken token;
        try
        {
            token = await credentials.For(tenant, clientId, request.Secret.Secret)
                .GetTokenAsync(new TokenRequestContext([GraphInboxProbe.Scope]), cancellationToken);
        }
        catch (AuthenticationFailedException failed)
        {
            return Refusal(failed, cancellationToken);
        }
        return await graph.ReadUserInboxAsync(token.Token, request.MailboxAddress, cancellationToken);
    }

    private VerificationOutcome Refusal(AuthenticationFailedException failed, CancellationToken cancellationToken)
    {
        var service = Inner<MsalServiceException>(failed);
        var codes = service?.ResponseBody is { Length: > 0 } body ? EntraTokenAnswer.Parse(0, body).ErrorCodes ?? [] : [];
        if (service is not null && codes.Length > 0 && service.StatusCode is >= 400 and < 500 and not 429)
        {
            var reason = EntraErrorReasons.ForClientCredentials(codes);
            if (reason == SourceAccessReasons.InternalError)
            {
                logger.LogWarning("Entra ID refused the client-credentials grant with AADSTS {Codes}.", string.Join(',', codes));
            }
            return VerificationOutcome.Failed(reason);
        }
        if (service is not null && HttpSourceFaults.ForStatus((System.Net.HttpStatusCode)service.StatusCode,
                service.Headers?.RetryAfter, "Entra ID") is { } unavailable)
        {
            throw unavailable;
        }
        if (Inner<Exception>(failed, e => HttpSourceFaults.IsUnreachable(e, cancellationToken)) is { } unreachable)
        {
            throw HttpSourceFaults.Unreachable("Entra ID", unreachable);
        }
        logger.LogWarning("Entra ID token request failed: {Error}.", service?.ErrorCode ?? failed.InnerException?.GetType().Name);
        return VerificationOutcome.Failed(SourceAccessReasons.InternalError);
    }

    private static T? Inner<T>(Exception exception, Func<T, bool>? matches = null) where T : Exception
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T found && (matches is null || matches(found)))
            {
                return found;
            }
        }
        return null;
    }
}
