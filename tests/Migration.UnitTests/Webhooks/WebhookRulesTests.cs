using System.Net;
using Migration.Notification.Webhooks;

namespace Migration.UnitTests.Webhooks;

public sealed class WebhookRulesTests
{
    private static readonly IReadOnlyCollection<IPNetwork> None = [];
    private static readonly IReadOnlyCollection<IPNetwork> Loopback = AddressPolicy.ParseNetworks(["127.0.0.0/8"]);
    private const string Secret = "a-secret-of-24-characters";

    [Theory]
    [InlineData("https://hooks.example.com/migration")]
    [InlineData("https://hooks.example.com:8443/a?b=c")]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700::1111]/hook")]
    public void Accepts_public_https_urls(string url) =>
        Assert.Empty(WebhookRules.Validate(url, ["mailboxReady"], Secret, allowPlainHttp: false, None, out _));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("hooks.example.com/x", "absolute")]
    [InlineData("/relative", "absolute")]
    [InlineData("http://hooks.example.com/x", "https URL")]
    [InlineData("ftp://hooks.example.com/x", "https URL")]
    [InlineData("file:///etc/passwd", "absolute")]
    [InlineData("https://user:pass@hooks.example.com/x", "user name")]
    [InlineData("https://user@hooks.example.com/x", "user name")]
    [InlineData("https://hooks.example.com/x#frag", "fragment")]
    [InlineData("https://hooks.example.com/x\u0000y", "control")]
    [InlineData("https://hooks.example.com/ x", "control")]
    [InlineData("https://10.0.0.1/x", "private")]
    [InlineData("https://127.0.0.1/x", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "linkLocal")]
    [InlineData("https://[::1]/x", "loopback")]
    [InlineData("https://[::ffff:10.0.0.1]/x", "private")]
    [InlineData("https://[fd00::1]/x", "uniqueLocal")]
    [InlineData("https://100.64.0.1/x", "sharedAddressSpace")]
    [InlineData("https://0.0.0.0/x", "unspecified")]
    [InlineData("https://224.0.0.1/x", "multicast")]
    public void Refuses_bad_urls(string? url, string message)
    {
        var errors = WebhookRules.Validate(url, ["mailboxReady"], Secret, allowPlainHttp: false, None, out var target);
        Assert.Contains(message, Assert.Single(errors["url"]));
        Assert.Null(target);
    }

    [Fact]
    public void A_long_url_is_refused() =>
        Assert.Contains("url", WebhookRules.Validate("https://hooks.example.com/" + new string('a', 2100), ["mailboxReady"], Secret, false, None, out _).Keys);

    [Fact]
    public void A_local_run_allows_plain_http_and_its_allowed_networks_only()
    {
        Assert.Empty(WebhookRules.Validate("http://127.0.0.1:5000/hook", ["mailboxReady"], Secret, allowPlainHttp: true, Loopback, out var target));
        Assert.Equal("http://127.0.0.1:5000/hook", target!.AbsoluteUri);
        Assert.Contains("private", WebhookRules.Validate("http://10.0.0.1/hook", ["mailboxReady"], Secret, true, Loopback, out _)["url"][0]);
        Assert.Contains("https URL", WebhookRules.Validate("http://127.0.0.1/hook", ["mailboxReady"], Secret, false, Loopback, out _)["url"][0]);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("mailboxready")]
    [InlineData("mailboxReady,unknown")]
    [InlineData("")]
    [InlineData("MailboxReady")]
    public void Events_are_known_and_not_empty(string events) =>
        Assert.Contains("events", WebhookRules.Validate("https://hooks.example.com/", events == "none" ? [] : events.Split(','), Secret, false, None, out _).Keys);

    [Fact]
    public void Missing_and_null_events_are_refused()
    {
        Assert.Contains("events", WebhookRules.Validate("https://hooks.example.com/", null, Secret, false, None, out _).Keys);
        Assert.Contains("events", WebhookRules.Validate("https://hooks.example.com/", [null], Secret, false, None, out _).Keys);
    }

    [Fact]
    public void Events_are_normalised_once_each_in_the_api_order() =>
        Assert.Equal(["mailboxReady", "projectReady"], WebhookRules.Normalise(["projectReady", "mailboxReady", "projectReady"]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("fifteen-chars!!")]
    [InlineData("a-secret-with-nul-\u0000-inside")]
    [InlineData("a-secret-with-a-newline\n-inside")]
    public void Secrets_are_bounded_and_storable(string? secret) =>
        Assert.Contains("secret", WebhookRules.Validate("https://hooks.example.com/", ["mailboxReady"], secret, false, None, out _).Keys);

    [Fact]
    public void A_secret_with_a_lone_surrogate_is_refused() =>
        Assert.NotNull(WebhookRules.CheckSecret("a-secret-with-a-lone-" + (char)0xD800 + "-surrogate"));

    [Fact]
    public void Secret_length_bounds()
    {
        Assert.Null(WebhookRules.CheckSecret(new string('s', WebhookRules.MinSecretLength)));
        Assert.Null(WebhookRules.CheckSecret(new string('s', WebhookRules.MaxSecretLength)));
        Assert.NotNull(WebhookRules.CheckSecret(new string('s', WebhookRules.MaxSecretLength + 1)));
    }

    [Fact]
    public void Every_field_error_is_answered_at_once()
    {
        var errors = WebhookRules.Validate("http://x", [], "x", false, None, out _);
        Assert.Equal(["events", "secret", "url"], errors.Keys.Order());
    }
}
