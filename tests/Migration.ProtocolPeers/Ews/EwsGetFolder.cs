using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Migration.ProtocolPeers.Ews;

/// <summary>
/// <c>POST /EWS/Exchange.asmx</c> with a SOAP 1.1 <c>GetFolder</c>: Basic auth as IIS does it (401 with no SOAP body on a
/// wrong password), then the <c>ExchangeImpersonation</c> header against the rights table, then the folder.
/// </summary>
public static class EwsGetFolder
{
    public static async Task<IResult> HandleAsync(HttpContext context, EwsDirectory directory)
    {
        using var inProgress = directory.Begin();
        if (directory.Latency > TimeSpan.Zero)
        {
            await Task.Delay(directory.Latency, context.RequestAborted);
        }
        var anchor = context.Request.Headers["X-AnchorMailbox"].FirstOrDefault();
        var (user, password) = BasicCredentials(context.Request);
        var account = user is null ? null : directory.Find(user);
        if (account is null || account.Password != password)
        {
            directory.Record(new EwsLoginRecord(user ?? "", false, null, anchor, DateTimeOffset.UtcNow));
            context.Response.Headers.WWWAuthenticate = new(["Negotiate", "NTLM", $"Basic realm=\"{context.Request.Host.Host}\""]);
            return Results.StatusCode(401);
        }

        XDocument request;
        try
        {
            request = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
        }
        catch (XmlException)
        {
            directory.Record(new EwsLoginRecord(account.Address, true, null, anchor, DateTimeOffset.UtcNow));
            return EwsSoap.InvalidRequest("The request failed schema validation: Data at the root level is invalid.");
        }
        var impersonated = ImpersonatedAddress(request);
        directory.Record(new EwsLoginRecord(account.Address, true, impersonated, anchor, DateTimeOffset.UtcNow));

        if (directory.Faults.TakeNext(impersonated ?? account.Address) is { } fault)
        {
            return Fault(context, fault);
        }
        var getFolder = request.Root?.Element(EwsSoap.Soap + "Body")?.Element(EwsSoap.Messages + "GetFolder");
        if (getFolder is null)
        {
            return EwsSoap.InvalidRequest("The request is invalid.");
        }
        var mailbox = account;
        if (impersonated is not null)
        {
            var target = directory.Find(impersonated);
            if (target is null || !target.HasMailbox)
            {
                return EwsSoap.NonExistentMailbox(impersonated);
            }
            if (!directory.MayImpersonate(account.Address, target.Address))
            {
                return EwsSoap.ImpersonateUserDenied();
            }
            mailbox = target;
        }
        if (!mailbox.HasMailbox)
        {
            return EwsSoap.ResponseError("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.");
        }
        var folderId = getFolder.Descendants(EwsSoap.Types + "DistinguishedFolderId").FirstOrDefault()?.Attribute("Id")?.Value;
        return folderId == "inbox"
            ? EwsSoap.InboxFound(mailbox.Address)
            : EwsSoap.ResponseError("ErrorFolderNotFound", "The specified folder could not be found in the store.");
    }

    /// <summary>429/503 as the front end answers them (a Retry-After, no SOAP body); 500 as Exchange's ErrorServerBusy fault.</summary>
    private static IResult Fault(HttpContext context, FaultRequest fault)
    {
        if (fault.Status == 500)
        {
            return EwsSoap.ServerBusy((fault.RetryAfterSeconds ?? 1) * 1000);
        }
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return Results.StatusCode(fault.Status);
    }

    private static string? ImpersonatedAddress(XDocument request)
    {
        var sid = request.Root?.Element(EwsSoap.Soap + "Header")?.Element(EwsSoap.Types + "ExchangeImpersonation")?.Element(EwsSoap.Types + "ConnectingSID");
        return (sid?.Element(EwsSoap.Types + "PrimarySmtpAddress") ?? sid?.Element(EwsSoap.Types + "SmtpAddress")
            ?? sid?.Element(EwsSoap.Types + "PrincipalName"))?.Value.Trim();
    }

    private static (string? User, string? Password) BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return (null, null);
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
