using Migration.Dashboard.Api;
using Migration.Dashboard.Components.Webhooks;

namespace Migration.UnitTests;

/// <summary>The Webhooks page's words for events and deliveries, and a subscription body that never prints its secret.</summary>
public sealed class DashboardWebhookTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 11, 15, 6, TimeSpan.FromHours(1));

    [Fact]
    public void Events_read_as_words_in_the_order_given_and_unknown_ones_as_the_api_spells_them()
    {
        Assert.Equal("Mailbox ready, Password changed, somethingNew", WebhookEvents.Labels(["mailboxReady", "passwordChanged", "somethingNew"]));
        Assert.Equal(["mailboxReady", "mailboxFailed", "passwordChanged", "projectReady"], WebhookEvents.All.Select(e => e.Value));
    }

    [Fact]
    public void A_delivery_shows_its_last_answer_its_status_code_or_why_there_was_none()
    {
        WebhookDeliveryView Delivery(params WebhookAttemptView[] attempts) =>
            new("d", "e", "mailboxReady", "pending", At, null, At.AddSeconds(2), attempts);

        Assert.Equal("–", DeliveryText.LastAnswer(Delivery()));
        Assert.Equal("204", DeliveryText.LastAnswer(Delivery(new WebhookAttemptView(1, At, 503, null, 12), new WebhookAttemptView(2, At, 204, null, 9))));
        Assert.Equal("timeout", DeliveryText.LastAnswer(Delivery(new WebhookAttemptView(1, At, null, "timeout", 5000))));
    }

    [Fact]
    public void Instants_are_shown_in_utc_to_the_second_and_absent_ones_as_a_dash()
    {
        Assert.Equal("2026-12-03 10:15:06 UTC", DeliveryText.When(At));
        Assert.Equal("–", DeliveryText.When(null));
    }

    [Fact]
    public void A_new_webhook_body_never_prints_its_secret()
    {
        var text = new NewWebhook("https://hooks.example.com/x", ["mailboxReady"], "Canary-secret-value-1234").ToString();
        Assert.DoesNotContain("Canary-secret", text);
        Assert.Contains("https://hooks.example.com/x", text);
    }
}
