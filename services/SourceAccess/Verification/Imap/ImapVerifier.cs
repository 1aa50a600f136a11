using Migration.ServiceDefaults.Http;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Imap;

/// <summary>
/// <c>imap</c> + <c>password</c>: connect (implicit TLS or plain, as the project's <c>useTls</c> says), ONE
/// authentication attempt with SASL PLAIN, <c>EXAMINE INBOX</c>, logout. MailKit's
/// <c>AuthenticateAsync(user, password)</c> is not used: on a wrong password it tries every mechanism the server offers
/// and then LOGIN, which is up to three failed logins at the source per check.
/// </summary>
public sealed class ImapVerifier(IOptions<SourceEndpointOptions> endpoints, IOptions<ImapVerifierOptions> options, ILogger<ImapVerifier> logger)
    : ISourceVerifier
{
    public const int ImplicitTlsPort = 993;
    public const int PlainPort = 143;

    private readonly System.Net.Security.RemoteCertificateValidationCallback _trust = CertificateTrust.SystemRootsOr(endpoints.Value.TrustedCertificateFile);

    public bool Handles(SourceKind kind, AccessMethod method) => kind == SourceKind.Imap && method == AccessMethod.Password;

    public async Task<VerificationOutcome> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var host = request.Source.Host;
        if (string.IsNullOrWhiteSpace(host))
        {
            return VerificationOutcome.Failed(SourceAccessReasons.InternalError);
        }
        var useTls = request.Source.UseTls ?? true;
        var port = request.Source.Port ?? (useTls ? ImplicitTlsPort : PlainPort);
        var responses = new ServerResponseRecorder();
        using var client = new ImapClient(responses)
        {
            Timeout = (int)options.Value.CommandTimeout.TotalMilliseconds,
            ServerCertificateValidationCallback = _trust,
        };

        await ConnectAsync(client, host, port, useTls, cancellationToken);
        var login = string.IsNullOrEmpty(request.Secret.Name) ? request.MailboxAddress : request.Secret.Name;
        try
        {
            await client.AuthenticateAsync(new SaslMechanismPlain(new System.Net.NetworkCredential(login, request.Secret.Secret)), cancellationToken);
        }
        catch (AuthenticationException)
        {
            return Refused(ImapResponseCode.ForRefusedLogin(responses.LastTaggedCode), host, port, "refused the login");
        }
        catch (NotSupportedException)
        {
            // No AUTHENTICATE at all (e.g. plaintext logins disabled without TLS): a setting to fix, not a password.
            return Refused(new ImapRefusal(SourceAccessReasons.InternalError, MayPass: false), host, port, "offers no authentication");
        }
        catch (Exception ex) when (IsConnectionFault(ex, cancellationToken))
        {
            throw Unreachable(host, port, ex);
        }

        try
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        }
        catch (ImapCommandException)
        {
            return Refused(ImapResponseCode.ForRefusedExamine(responses.LastTaggedCode), host, port, "refused EXAMINE INBOX");
        }
        catch (Exception ex) when (IsConnectionFault(ex, cancellationToken))
        {
            throw Unreachable(host, port, ex);
        }

        await LogOutAsync(client, cancellationToken);
        return VerificationOutcome.Verified;
    }

    private async Task ConnectAsync(ImapClient client, string host, int port, bool useTls, CancellationToken cancellationToken)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(options.Value.ConnectTimeout);
        try
        {
            await client.ConnectAsync(host, port, useTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None, connectTimeout.Token);
        }
        catch (Exception ex) when (IsConnectionFault(ex, cancellationToken))
        {
            throw Unreachable(host, port, ex);
        }
    }

    /// <summary>The check is proven once EXAMINE answered; a server that drops the connection at LOGOUT changes nothing.</summary>
    private async Task LogOutAsync(ImapClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (IsConnectionFault(ex, cancellationToken))
        {
            logger.LogDebug("The IMAP server closed the connection at logout: {Error}", ex.GetType().Name);
        }
    }

    private VerificationOutcome Refused(ImapRefusal refusal, string host, int port, string what)
    {
        if (refusal.MayPass)
        {
            throw new SourceUnavailableException(refusal.Reason, null, $"The IMAP server {host}:{port} {what} for now.");
        }
        logger.LogInformation("The IMAP server {Host}:{Port} {What}: {Reason}", host, port, what, refusal.Reason);
        return VerificationOutcome.Failed(refusal.Reason);
    }

    /// <summary>
    /// Faults of the way to the server, not answers from it: refused or reset connections, unknown hosts, timeouts, a TLS
    /// handshake that fails (a server that is down, or one that speaks plain IMAP on a TLS port), a garbled greeting.
    /// </summary>
    private static bool IsConnectionFault(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        SocketException or IOException or TimeoutException or SslHandshakeException or ImapProtocolException => true,
        _ => false,
    };

    private static SourceUnavailableException Unreachable(string host, int port, Exception ex) =>
        new(SourceAccessReasons.ServerUnreachable, null, $"The IMAP server {host}:{port} could not be reached ({ex.GetType().Name}).", ex);
}
