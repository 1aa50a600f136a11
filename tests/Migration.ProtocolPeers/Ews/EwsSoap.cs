using System.Globalization;
using System.Xml.Linq;

namespace Migration.ProtocolPeers.Ews;

/// <summary>The SOAP 1.1 envelopes EWS answers with: a GetFolder response message, or a soap:Fault with its ResponseCode.</summary>
public static class EwsSoap
{
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Types = "http://schemas.microsoft.com/exchange/services/2006/types";
    public static readonly XNamespace Messages = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static readonly XNamespace Errors = "http://schemas.microsoft.com/exchange/services/2006/errors";

    public static IResult InboxFound(string address)
    {
        var folderId = "AQMk" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(address.ToLowerInvariant())) + "AAABDAAAAA==";
        return GetFolderResponse(new XElement(Messages + "GetFolderResponseMessage", new XAttribute("ResponseClass", "Success"),
            new XElement(Messages + "ResponseCode", "NoError"),
            new XElement(Messages + "Folders",
                new XElement(Types + "Folder",
                    new XElement(Types + "FolderId", new XAttribute("Id", folderId), new XAttribute("ChangeKey", "AQAAABYAAAA="))))));
    }

    /// <summary>An error about the folder asked for, inside a successful SOAP response (HTTP 200), as EWS reports per-item errors.</summary>
    public static IResult ResponseError(string responseCode, string message) =>
        GetFolderResponse(new XElement(Messages + "GetFolderResponseMessage", new XAttribute("ResponseClass", "Error"),
            new XElement(Messages + "MessageText", message),
            new XElement(Messages + "ResponseCode", responseCode),
            new XElement(Messages + "DescriptiveLinkKey", 0),
            new XElement(Messages + "Folders")));

    /// <summary>A request-level error (the impersonation header, throttling): HTTP 500 with a soap:Fault.</summary>
    public static IResult Fault(string responseCode, string message, params (string Name, string Value)[] values)
    {
        var detail = new XElement("detail",
            new XElement(Errors + "ResponseCode", new XAttribute(XNamespace.Xmlns + "e", Errors), responseCode),
            new XElement(Errors + "Message", new XAttribute(XNamespace.Xmlns + "e", Errors), message));
        if (values.Length > 0)
        {
            detail.Add(new XElement(Errors + "MessageXml", new XAttribute(XNamespace.Xmlns + "e", Errors),
                values.Select(v => new XElement(Types + "Value", new XAttribute(XNamespace.Xmlns + "t", Types), new XAttribute("Name", v.Name), v.Value))));
        }
        var envelope = new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "s", Soap),
            new XElement(Soap + "Body",
                new XElement(Soap + "Fault",
                    new XElement("faultcode", new XAttribute(XNamespace.Xmlns + "a", Types), $"a:{responseCode}"),
                    new XElement("faultstring", new XAttribute(XNamespace.Xml + "lang", "en-US"), message),
                    detail)));
        return Xml(envelope, 500);
    }

    public static IResult ImpersonateUserDenied() =>
        Fault("ErrorImpersonateUserDenied", "The account does not have permission to impersonate the requested user.");

    public static IResult NonExistentMailbox(string address) =>
        Fault("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.", ("SmtpAddress", address));

    public static IResult ServerBusy(int backOffMilliseconds) =>
        Fault("ErrorServerBusy", "The server cannot service this request right now. Try again later.",
            ("BackOffMilliseconds", backOffMilliseconds.ToString(CultureInfo.InvariantCulture)));

    public static IResult InvalidRequest(string message) => Fault("ErrorInvalidRequest", message);

    private static IResult GetFolderResponse(XElement responseMessage)
    {
        var envelope = new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "s", Soap),
            new XElement(Soap + "Header",
                new XElement(Types + "ServerVersionInfo", new XAttribute(XNamespace.Xmlns + "h", Types),
                    new XAttribute("MajorVersion", 15), new XAttribute("MinorVersion", 20), new XAttribute("MajorBuildNumber", 8769),
                    new XAttribute("MinorBuildNumber", 21), new XAttribute("Version", "V2018_01_08"))),
            new XElement(Soap + "Body",
                new XElement(Messages + "GetFolderResponse", new XAttribute(XNamespace.Xmlns + "m", Messages), new XAttribute(XNamespace.Xmlns + "t", Types),
                    new XElement(Messages + "ResponseMessages", responseMessage))));
        return Xml(envelope, 200);
    }

    private static IResult Xml(XElement envelope, int status) =>
        Results.Text(new XDocument(new XDeclaration("1.0", "utf-8", null), envelope).Declaration + envelope.ToString(SaveOptions.DisableFormatting),
            "text/xml; charset=utf-8", System.Text.Encoding.UTF8, status);
}
