using System.Globalization;
using System.Text.Encodings.Web;
using Migration.Contracts.Reception;

namespace Migration.Notification.Email;

public enum EmailTemplate { Invitation, Reminder, DontChangePassword, ReRequest, Completion }

public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>The emails end users receive. None ever contains a password; only invitations and reminders carry a link.</summary>
public static class EmailTemplates
{
    public const string DontChangeNotice = "Please don't change your password until the migration is complete.";

    public static RenderedEmail Render(EmailTemplate template, EndUserContact contact)
    {
        var name = contact.DisplayName ?? contact.Recipient;
        var asks = Asks(contact.Needs);
        var expires = contact.ExpiresAt?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var (subject, paragraphs) = template switch
        {
            EmailTemplate.Invitation => ($"{contact.CustomerName}: your mailbox is moving to Microsoft 365", new[]
            {
                $"{contact.CustomerName} and {contact.OperatorName} are moving your mailbox {contact.Recipient} to Microsoft 365.",
                $"To take part, please open the secure page below and {asks}. The link is personal to you; it works until {expires}.",
                DontChangeNotice,
            }),
            EmailTemplate.Reminder => ($"Reminder from {contact.CustomerName}: we still need something from you", new[]
            {
                $"The move of your mailbox {contact.Recipient} to Microsoft 365 is waiting for you.",
                $"Please open the secure page below and {asks}. Earlier links keep working until they expire; this one works until {expires}.",
                DontChangeNotice,
            }),
            EmailTemplate.DontChangePassword => ($"{contact.CustomerName}: please keep your password until the move is done", new[]
            {
                $"Thank you: {contact.OperatorName} has what it needs to move your mailbox {contact.Recipient}.",
                $"{DontChangeNotice} A changed password stops your mailbox from moving, and we would have to ask you again.",
            }),
            EmailTemplate.ReRequest => ($"{contact.CustomerName}: your password did not work", new[]
            {
                $"The password we have for your mailbox {contact.Recipient} no longer works, so your move has paused.",
                $"Please open the secure page below and {asks}.",
                DontChangeNotice,
            }),
            EmailTemplate.Completion => ($"{contact.CustomerName}: your mailbox move is complete", new[]
            {
                $"The move of your mailbox {contact.Recipient} to Microsoft 365 is complete.",
                "You may change your password again whenever you like. The credentials you gave us have been deleted.",
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(template)),
        };
        var link = template is EmailTemplate.Invitation or EmailTemplate.Reminder or EmailTemplate.ReRequest ? contact.ReceptionUrl : null;
        return new RenderedEmail(subject, Text(name, paragraphs, link, contact), Html(name, paragraphs, link, contact));
    }

    private static string Asks(EndUserNeeds needs)
    {
        var parts = new List<string>();
        if (needs.SourcePassword) parts.Add("enter the password of your current mailbox");
        if (needs.DestinationPassword) parts.Add("choose your Microsoft 365 password");
        if (needs.OutlookAssistantDownload) parts.Add("download the Outlook assistant");
        return parts.Count == 0 ? "check the details of your move" : string.Join(", then ", parts);
    }

    private static string Text(string name, string[] paragraphs, string? link, EndUserContact contact) =>
        $"Hello {name},\n\n{string.Join("\n\n", paragraphs)}\n\n{(link is null ? "" : $"{link}\n\n")}{contact.OperatorName}, on behalf of {contact.CustomerName}\n";

    private static string Html(string name, string[] paragraphs, string? link, EndUserContact contact)
    {
        var e = HtmlEncoder.Default;
        var body = string.Concat(paragraphs.Select(p => $"<p>{e.Encode(p)}</p>"));
        var button = link is null ? "" : $"""<p><a href="{e.Encode(link)}">Open your secure page</a></p>""";
        return $"""<html><body><p>Hello {e.Encode(name)},</p>{body}{button}<p>{e.Encode(contact.OperatorName)}, on behalf of {e.Encode(contact.CustomerName)}</p></body></html>""";
    }
}
