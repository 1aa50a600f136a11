using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace Migration.SourceAccess.Verification.Exchange;

/// <summary>
/// The cheapest proof that a mailbox opens over EWS: a SOAP 1.1 <c>GetFolder</c> of the inbox (ids only), signed in with
/// Basic auth, optionally impersonating another mailbox; <c>X-AnchorMailbox</c> names the mailbox worked on, so that
/// Exchange routes the request to its server.
/// </summary>
internal static class EwsGetFolderRequest
{
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Types = "http://schemas.microsoft.com/exchange/services/2006/types";
    public static readonly XNamespace Messages = "http://schemas.microsoft.com/exchange/services/2006/messages";
    private const string SoapAction = "http://schemas.microsoft.com/exchange/services/2006/messages/GetFolder";

    public static HttpRequestMessage Create(Uri ewsUrl, string login, string password, string mailbox, bool impersonate)
    {
        var header = new XElement(Soap + "Header", new XElement(Types + "RequestServerVersion", new XAttribute("Version", "Exchange2013_SP1")));
        if (impersonate)
        {
            header.Add(new XElement(Types + "ExchangeImpersonation",
                new XElement(Types + "ConnectingSID", new XElement(Types + "PrimarySmtpAddress", mailbox))));
        }
        var envelope = new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Soap), new XAttribute(XNamespace.Xmlns + "t", Types), new XAttribute(XNamespace.Xmlns + "m", Messages),
            header,
            new XElement(Soap + "Body",
                new XElement(Messages + "GetFolder",
                    new XElement(Messages + "FolderShape", new XElement(Types + "BaseShape", "IdOnly")),
                    new XElement(Messages + "FolderIds", new XElement(Types + "DistinguishedFolderId", new XAttribute("Id", "inbox"))))));

        var request = new HttpRequestMessage(HttpMethod.Post, ewsUrl)
        {
            Content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml"),
        };
        request.Headers.Add("SOAPAction", $"\"{SoapAction}\"");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:{password}")));
        request.Headers.Add("X-AnchorMailbox", mailbox);
        return request;
    }
}
