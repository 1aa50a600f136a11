using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;
using Migration.Contracts.Events;

namespace Migration.SourceAccess.Verification.Exchange;

/// <summary>
/// What an EWS answer to <see cref="EwsGetFolderRequest"/> means. Exchange reports request-level errors (the
/// impersonation header, throttling) as HTTP 500 with a soap:Fault whose detail carries the ResponseCode, and errors
/// about the folder as a ResponseMessage with ResponseClass="Error" inside an HTTP 200; both are read the same way. A
/// wrong password never reaches EWS: IIS answers 401 with no SOAP body.
/// </summary>
internal static class EwsAnswer
{
    private static readonly XNamespace Errors = "http://schemas.microsoft.com/exchange/services/2006/errors";

    public static VerificationOutcome Interpret(HttpStatusCode status, RetryConditionHeaderValue? retryAfter, string body)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            return VerificationOutcome.Failed(SourceAccessReasons.InvalidPassword);
        }
        var (responseCode, backOff) = ReadResponseCode(body);
        if (status == HttpStatusCode.OK && responseCode == "NoError")
        {
            return VerificationOutcome.Verified;
        }
        if (responseCode is not null && ReasonFor(responseCode, backOff) is { } reason)
        {
            return VerificationOutcome.Failed(reason);
        }
        throw HttpSourceFaults.ForStatus(status, retryAfter, "EWS")
              ?? new SourceUnavailableException(SourceAccessReasons.ServerUnreachable, null, $"EWS answered {(int)status} without a GetFolder response.");
    }

    /// <summary>The reason for an EWS ResponseCode; throws for the ones that may pass; null when the code says nothing known.</summary>
    public static string? ReasonFor(string responseCode, TimeSpan? backOff = null) => responseCode switch
    {
        "ErrorImpersonateUserDenied" or "ErrorImpersonationDenied" => SourceAccessReasons.ImpersonationDenied,
        "ErrorNonExistentMailbox" or "ErrorMailboxNotFound" => SourceAccessReasons.MailboxNotFound,
        "ErrorAccountDisabled" => SourceAccessReasons.AccountDisabled,
        "ErrorServerBusy" => throw new SourceUnavailableException(SourceAccessReasons.Throttled, backOff, "EWS answered ErrorServerBusy."),
        "ErrorMailboxStoreUnavailable" or "ErrorInternalServerTransientError" or "ErrorTimeoutExpired" or "ErrorMailboxMoveInProgress" =>
            throw new SourceUnavailableException(SourceAccessReasons.ServerUnreachable, backOff, $"EWS answered {responseCode}."),
        "NoError" => null,
        _ => SourceAccessReasons.InternalError,
    };

    /// <summary>The ResponseCode of a fault's detail or of the GetFolder response message, and a BackOffMilliseconds if given.</summary>
    private static (string? Code, TimeSpan? BackOff) ReadResponseCode(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }
        XDocument document;
        try
        {
            document = XDocument.Parse(body);
        }
        catch (XmlException)
        {
            return (null, null);
        }
        var soapBody = document.Root?.Element(EwsGetFolderRequest.Soap + "Body");
        var fault = soapBody?.Element(EwsGetFolderRequest.Soap + "Fault");
        if (fault is not null)
        {
            var code = fault.Element("detail")?.Element(Errors + "ResponseCode")?.Value
                       ?? fault.Element("faultcode")?.Value.Split(':').Last();
            var backOff = fault.Descendants(EwsGetFolderRequest.Types + "Value")
                .FirstOrDefault(v => (string?)v.Attribute("Name") == "BackOffMilliseconds")?.Value;
            return (code?.Trim(), int.TryParse(backOff, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms) : null);
        }
        var message = soapBody?.Descendants(EwsGetFolderRequest.Messages + "GetFolderResponseMessage").FirstOrDefault();
        return (message?.Element(EwsGetFolderRequest.Messages + "ResponseCode")?.Value.Trim(), null);
    }
}
