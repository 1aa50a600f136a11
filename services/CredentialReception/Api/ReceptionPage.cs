using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Reception;

namespace Migration.CredentialReception.Api;

/// <summary>
/// The page an end user opens from the invitation email: server-rendered, no scripts or styles from elsewhere,
/// labelled fields usable by keyboard, and asking exactly for what R5 says this mailbox still needs.
/// </summary>
public static class ReceptionPage
{
    public static IEndpointRouteBuilder MapReceptionPage(this IEndpointRouteBuilder routes)
    {
        var page = routes.MapGroup("/reception/{token}").AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/", Show);
        page.MapPost("/", Submit).DisableAntiforgery();
        return routes;
    }

    internal static async Task<IResult> Show(string token, ReceptionTokens tokens, IOptions<ReceptionOptions> options, CancellationToken cancellationToken)
    {
        var opened = await tokens.OpenAsync(token, cancellationToken);
        return opened is null
            ? Html(StatusCodes.Status404NotFound, InvalidLink())
            : Html(StatusCodes.Status200OK, Render(opened.Value.View, options.Value, errors: null, justReceived: false));
    }

    internal static async Task<IResult> Submit(string token, HttpRequest request, ReceptionTokens tokens, ReceptionIntake intake,
        IOptions<ReceptionOptions> options, CancellationToken cancellationToken)
    {
        var opened = await tokens.OpenAsync(token, cancellationToken);
        if (opened is null)
        {
            return Html(StatusCodes.Status404NotFound, InvalidLink());
        }
        var (mailbox, project, before) = opened.Value;
        if (!request.HasFormContentType)
        {
            return Html(StatusCodes.Status415UnsupportedMediaType, Layout("Unsupported request", "<p>Please use the form on this page.</p>"));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            // A multipart body without its boundary, or one past the form limits: not what the page's form sends.
            return Html(StatusCodes.Status400BadRequest, Layout("Unsupported request", "<p>Please use the form on this page.</p>"));
        }
        var submission = new ReceptionSubmission
        {
            SourcePassword = NullIfEmpty(form["sourcePassword"].ToString()),
            DestinationPassword = NullIfEmpty(form["destinationPassword"].ToString()),
        };
        var (errors, after) = await intake.SubmitAsync(mailbox, project, before, submission, cancellationToken);
        return errors is not null ? Html(StatusCodes.Status400BadRequest, Render(before, options.Value, errors, justReceived: false))
            : after is null ? Html(StatusCodes.Status404NotFound, InvalidLink())
            : Html(StatusCodes.Status200OK, Render(after, options.Value, null, justReceived: true));
    }

    internal static string Render(ReceptionView view, ReceptionOptions options, IReadOnlyDictionary<string, string[]>? errors, bool justReceived)
    {
        var e = HtmlEncoder.Default;
        var body = new StringBuilder();
        body.Append($"""
            <p class="who">{e.Encode(view.CustomerName)} is moving your mailbox <strong>{e.Encode(view.SourceAddress)}</strong>
            to Microsoft 365 as <strong>{e.Encode(view.DestinationUpn)}</strong>.</p>
            """);
        if (justReceived)
        {
            body.Append("""<p class="ok" role="status">Thank you: we have received what you entered.</p>""");
        }
        if (view.Source.Status == "failed" && !justReceived)
        {
            body.Append($"""<div class="error" role="alert"><p>The password we had for {e.Encode(view.SourceAddress)} did not work ({e.Encode(Explain(view.Source.Reason))}). Please enter your current password again.</p></div>""");
        }
        if (view.Destination.Status == "failed" && !justReceived)
        {
            body.Append($"""<div class="error" role="alert"><p>Microsoft 365 did not accept the password you chose for {e.Encode(view.DestinationUpn)}. Please choose another one: at least 8 characters, with three of upper-case letters, lower-case letters, digits and symbols, and not containing your name.</p></div>""");
        }
        if (errors is { Count: > 0 })
        {
            body.Append("""<div class="error" role="alert"><p>Please correct the following and try again:</p><ul>""");
            foreach (var message in errors.Values.SelectMany(m => m))
            {
                body.Append($"<li>{e.Encode(message)}</li>");
            }
            body.Append("</ul></div>");
        }

        if (view.Needs.AnyCredential)
        {
            body.Append("""<form method="post" novalidate><fieldset><legend>Your passwords</legend>""");
            if (view.Needs.SourcePassword)
            {
                Field(body, "sourcePassword", $"Your current password for {view.SourceAddress}", "current-password", errors);
            }
            if (view.Needs.DestinationPassword)
            {
                Field(body, "destinationPassword", $"Your Microsoft 365 password for {view.DestinationUpn}", "new-password", errors);
            }
            body.Append("""</fieldset><button type="submit">Send securely</button></form>""");
        }
        else
        {
            body.Append("""<p class="done">We have everything we need from you.</p>""");
        }
        if (view.Needs.OutlookAssistantDownload)
        {
            body.Append($"""
                <section aria-labelledby="assistant"><h2 id="assistant">Set up Outlook</h2>
                <p>When asked, download and run the Outlook assistant: it connects Outlook to your new mailbox.</p>
                <p><a href="{e.Encode(options.OutlookAssistantDownloadUrl)}">Download the Outlook assistant</a></p></section>
                """);
        }
        if (view.Source.Status == "received")
        {
            SourceCheck.Append(body, view);
        }
        body.Append($"""
            <h2>Status</h2><dl class="status">
            <dt>Current mailbox password</dt><dd id="source-status">{Describe(view.Source.Status)}</dd>
            <dt>Microsoft 365 password</dt><dd id="destination-status">{Describe(view.Destination.Status)}</dd></dl>
            <p class="notice"><strong>Please don't change your password until the migration is complete.</strong>
            A changed password stops your mailbox from moving.</p>
            """);
        return Layout($"Mailbox migration for {view.DisplayName ?? view.SourceAddress}", body.ToString());
    }

    internal static void Field(StringBuilder body, string name, string label, string autocomplete, IReadOnlyDictionary<string, string[]>? errors)
    {
        var e = HtmlEncoder.Default;
        var error = errors?.GetValueOrDefault(name)?.FirstOrDefault();
        var describedBy = error is null ? "" : $""" aria-invalid="true" aria-describedby="{name}-error" """;
        body.Append($"""
            <div class="field"><label for="{name}">{e.Encode(label)}</label>
            <input type="password" id="{name}" name="{name}" autocomplete="{autocomplete}" required maxlength="{CredentialIntake.MaxPasswordLength}"{describedBy}>
            {(error is null ? "" : $"""<p class="field-error" id="{name}-error">{e.Encode(error)}</p>""")}</div>
            """);
    }

    internal static string Describe(string status) => status switch
    {
        "received" => "Received",
        "verified" => "Verified: it works",
        "pending" => "Still needed",
        "notNeeded" => "Not needed",
        "failed" => "Did not work: please enter it again",
        _ => HtmlEncoder.Default.Encode(status),
    };

    private static string Explain(string? reason) => SourceCheck.Explain(reason);

    private static string InvalidLink() => Layout("Link not valid",
        "<p>This link is not valid. It may have expired or been replaced by a newer one: please use the link in the latest email you received, or ask your IT contact for a new one.</p>");

    private static string Layout(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer"><title>{{HtmlEncoder.Default.Encode(title)}}</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
        h1{font-size:1.5rem} fieldset{border:1px solid #8a8a8a;border-radius:.4rem;padding:1rem}
        .field{margin:.8rem 0} label{display:block;font-weight:600}
        input{width:100%;padding:.5rem;font-size:1rem;border:1px solid #5c5c5c;border-radius:.3rem;box-sizing:border-box}
        input:focus,button:focus,a:focus{outline:3px solid #0b5cad;outline-offset:2px}
        button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem;background:#0b5cad;color:#fff;border:0;border-radius:.3rem;cursor:pointer}
        .error{border-left:4px solid #b00020;padding:.2rem 1rem;background:#fdecee} .field-error{color:#b00020;margin:.2rem 0}
        .ok{border-left:4px solid #1e7d32;padding:.5rem 1rem;background:#e9f6ec} .notice{background:#fff8e1;padding:.6rem 1rem}
        dl.status{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem} dt{font-weight:600}
        </style></head>
        <body><main><h1>{{HtmlEncoder.Default.Encode(title)}}</h1>{{body}}</main></body></html>
        """;

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
