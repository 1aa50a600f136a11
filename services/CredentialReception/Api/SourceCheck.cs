using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Migration.Contracts.Events;
using Migration.CredentialReception.Reception;

namespace Migration.CredentialReception.Api;

/// <summary>
/// While a source password is being checked, the reception page asks for the result (its own JSON API, same origin) and
/// shows it in place: verified, or the refusal with its reason in plain words and the form to try again on the same link.
/// The first 15 s it asks every second, then every 5 s, up to 2 minutes: the gateway allows a link 20 requests at once and
/// 10 a minute, so a page that keeps asking never locks its own user out; a 429 is waited out as its Retry-After says.
/// </summary>
public static class SourceCheck
{
    private static readonly Dictionary<string, string> Reasons = new()
    {
        [SourceAccessReasons.InvalidPassword] = "your mail server did not accept it",
        [SourceAccessReasons.PasswordChanged] = "it seems to have been changed since it last worked",
        [SourceAccessReasons.AccountLocked] = "your account is locked at your mail server",
        [SourceAccessReasons.AccountDisabled] = "your account is disabled at your mail server",
        [SourceAccessReasons.PasswordExpired] = "it has expired at your mail server",
        [SourceAccessReasons.MfaRequired] = "your account asks for a second sign-in step, which the migration cannot answer",
        [SourceAccessReasons.MailboxNotFound] = "your mail server does not know this mailbox",
        [SourceAccessReasons.ServerUnreachable] = "your mail server could not be reached",
        [SourceAccessReasons.Throttled] = "your mail server asked us to slow down",
    };

    private const string Fallback = "it was refused by your mail server";

    /// <summary>A reason code in plain words.</summary>
    public static string Explain(string? reason) => reason is not null && Reasons.TryGetValue(reason, out var words) ? words : Fallback;

    /// <summary>The live status line, the form to try again (inert until a refusal), and the script that asks.</summary>
    public static void Append(StringBuilder body, ReceptionView view)
    {
        var retry = new StringBuilder();
        ReceptionPage.Field(retry, "sourcePassword", $"Your current password for {view.SourceAddress}", "current-password", errors: null);
        var texts = JsonSerializer.Serialize(new
        {
            reasons = Reasons,
            fallback = Fallback,
            failed = ReceptionPage.Describe("failed"),
            verified = ReceptionPage.Describe("verified"),
        });
        body.Append($$"""
            <p id="source-check" aria-live="polite">We are checking your password with your mail server; this page shows the result in a moment.</p>
            <div id="source-retry-slot"></div>
            <template id="source-retry"><form method="post" novalidate><fieldset><legend>Your password</legend>{{retry}}</fieldset><button type="submit">Send securely</button></form></template>
            <script>
            (function () {
              var texts = {{texts}};
              var path = location.pathname.replace(/\/+$/, '');
              var at = path.lastIndexOf('/reception/');
              var url = path.slice(0, at) + '/v1/reception/' + path.slice(at + '/reception/'.length);
              var started = Date.now(), limit = 120000;
              // Looked up when needed: the status list comes after this script in the page.
              function element(id) { return document.getElementById(id); }
              function pause() { return Date.now() - started < 15000 ? 1000 : 5000; }
              function later(ms) {
                if (Date.now() - started + ms > limit) {
                  element('source-check').textContent = 'Checking your password takes longer than usual. You can close this page: if it needs to be entered again, we will email you.';
                  return;
                }
                setTimeout(ask, ms);
              }
              function ask() {
                fetch(url, { cache: 'no-store', headers: { 'Accept': 'application/json' } }).then(function (response) {
                  if (response.status === 429) { return later(1000 * (parseInt(response.headers.get('Retry-After'), 10) || 5)); }
                  if (!response.ok) { return later(pause()); }
                  return response.json().then(function (view) { if (!show(view)) { later(pause()); } });
                }).catch(function () { later(pause()); });
              }
              function show(view) {
                var source = view.source || {};
                var status = element('source-status'), check = element('source-check');
                if (source.status === 'verified') {
                  status.textContent = texts.verified;
                  check.textContent = 'Your password works: your mail server accepted it. Thank you.';
                  return true;
                }
                if (source.status !== 'failed' && source.status !== 'pending') { return false; }
                status.textContent = texts.failed;
                check.textContent = '';
                var thanks = document.querySelector('.ok');
                if (thanks) { thanks.remove(); }
                var alert = document.createElement('div');
                alert.className = 'error';
                alert.setAttribute('role', 'alert');
                var message = document.createElement('p');
                message.textContent = 'The password you entered for ' + view.sourceAddress + ' did not work (' +
                  (texts.reasons[source.reason] || texts.fallback) + '). Please enter your current password again.';
                alert.appendChild(message);
                var slot = element('source-retry-slot');
                slot.appendChild(alert);
                slot.appendChild(element('source-retry').content.cloneNode(true));
                return true;
              }
              setTimeout(ask, 1000);
            })();
            </script>
            """);
    }
}
