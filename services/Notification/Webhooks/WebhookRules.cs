using System.Net;
using System.Text.Json;
using Migration.ServiceDefaults.Http;

namespace Migration.Notification.Webhooks;

/// <summary>The events a webhook can subscribe to, in API.md's camelCase spelling.</summary>
public static class WebhookEvents
{
    public const string MailboxReady = "mailboxReady";
    public const string MailboxFailed = "mailboxFailed";
    public const string PasswordChanged = "passwordChanged";
    public const string ProjectReady = "projectReady";

    public static readonly IReadOnlyList<string> All = [MailboxReady, MailboxFailed, PasswordChanged, ProjectReady];
}

/// <summary>A subscription request's rules, as pure functions: each returns the field errors, none when it is fine.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    public static Dictionary<string, string[]> Validate(string? url, IReadOnlyList<string?>? events, string? secret, bool allowPlainHttp,
        IReadOnlyCollection<IPNetwork> allowedNetworks, out Uri? target)
    {
        var errors = new Dictionary<string, string[]>();
        target = null;
        if (CheckUrl(url, allowPlainHttp, allowedNetworks, out target) is { } urlError)
        {
            errors["url"] = [urlError];
        }
        if (CheckEvents(events) is { } eventsError)
        {
            errors["events"] = [eventsError];
        }
        if (CheckSecret(secret) is { } secretError)
        {
            errors["secret"] = [secretError];
        }
        return errors;
    }

    /// <summary>An absolute https URL (http when allowed) with a host, no user info and no fragment; an IP literal host obeys the address policy.</summary>
    public static string? CheckUrl(string? url, bool allowPlainHttp, IReadOnlyCollection<IPNetwork> allowedNetworks, out Uri? target)
    {
        target = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "url is required.";
        }
        if (url.Length > MaxUrlLength)
        {
            return $"url is at most {MaxUrlLength} characters.";
        }
        if (!StorableText.IsStorable(url) || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "url contains a control character or white space.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc || string.IsNullOrEmpty(uri.Host))
        {
            return "url is an absolute URL.";
        }
        var https = uri.Scheme == Uri.UriSchemeHttps;
        if (!https && !(allowPlainHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            return allowPlainHttp ? "url is an https or http URL." : "url is an https URL.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "url has no user name or password in it.";
        }
        if (uri.Fragment.Length > 0)
        {
            return "url has no fragment.";
        }
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal)
            && AddressPolicy.Check(literal, allowedNetworks) is { } refused)
        {
            return RefusalMessage(refused);
        }
        target = uri;
        return null;
    }

    public static string RefusalMessage(RefusedAddress refused) =>
        $"url points at a {JsonNamingPolicy.CamelCase.ConvertName(refused.ToString())} address; webhooks go to public addresses only.";

    public static string? CheckEvents(IReadOnlyList<string?>? events)
    {
        if (events is null || events.Count == 0)
        {
            return $"events lists at least one of {string.Join(", ", WebhookEvents.All)}.";
        }
        if (events.Any(e => e is null || !WebhookEvents.All.Contains(e, StringComparer.Ordinal)))
        {
            return $"events are among {string.Join(", ", WebhookEvents.All)}.";
        }
        return null;
    }

    public static string? CheckSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "secret is required.";
        }
        if (secret.Length is < MinSecretLength or > MaxSecretLength)
        {
            return $"secret is {MinSecretLength} to {MaxSecretLength} characters long.";
        }
        if (!StorableText.IsStorable(secret) || secret.Any(char.IsControl))
        {
            return "secret contains a control character or half of a surrogate pair.";
        }
        return null;
    }

    /// <summary>The subscribed events, each once, in the API's order.</summary>
    public static string[] Normalise(IEnumerable<string?> events) => WebhookEvents.All.Where(e => events.Contains(e)).ToArray();
}
