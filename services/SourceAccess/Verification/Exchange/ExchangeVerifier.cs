namespace Migration.SourceAccess.Verification.Exchange;

/// <summary>
/// Exchange over EWS (<see cref="SourceSettings.EwsUrl"/>): with the mailbox's own password, or with the project grant's
/// admin account impersonating the mailbox. One GetFolder, so one sign-in, per check.
/// </summary>
internal sealed class ExchangeVerifier(IHttpClientFactory httpClients) : ISourceVerifier
{
    public bool Handles(SourceKind kind, AccessMethod method) =>
        kind == SourceKind.Exchange && method is AccessMethod.Password or AccessMethod.Impersonation;

    public async Task<VerificationOutcome> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var ewsUrl = new Uri(request.Source.EwsUrl ?? throw new InvalidOperationException("An Exchange source needs its EWS URL."));
        var impersonate = request.Source.Method == AccessMethod.Impersonation;
        var login = impersonate
            ? request.Secret.Name ?? throw new InvalidOperationException("An impersonation grant needs the admin account's name.")
            : request.Secret.Name ?? request.MailboxAddress;
        using var message = EwsGetFolderRequest.Create(ewsUrl, login, request.Secret.Secret, request.MailboxAddress, impersonate);
        var (response, body) = await HttpSourceFaults.SendAsync(httpClients.Create(), message, "EWS", cancellationToken);
        using (response)
        {
            return EwsAnswer.Interpret(response.StatusCode, response.Headers.RetryAfter, body);
        }
    }
}
