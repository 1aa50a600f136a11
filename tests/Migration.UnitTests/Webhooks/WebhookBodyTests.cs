using System.Text.Json.Nodes;
using Migration.Notification.Webhooks;

namespace Migration.UnitTests.Webhooks;

public sealed class WebhookBodyTests
{
    [Fact]
    public void The_body_has_id_type_occurredAt_and_camelCase_data()
    {
        var id = Guid.NewGuid();
        var mailboxId = Guid.NewGuid();
        var body = JsonNode.Parse(WebhookDeliveries.Body(id, WebhookEvents.MailboxFailed, new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            new { mailboxId, reason = "invalidPassword" }))!.AsObject();
        Assert.Equal(["id", "type", "occurredAt", "data"], body.Select(p => p.Key));
        Assert.Equal(id.ToString(), body["id"]!.GetValue<string>());
        Assert.Equal("mailboxFailed", body["type"]!.GetValue<string>());
        Assert.Equal("2027-01-02T01:04:05+00:00", body["occurredAt"]!.GetValue<string>());
        Assert.Equal(mailboxId.ToString(), body["data"]!["mailboxId"]!.GetValue<string>());
        Assert.Equal("invalidPassword", body["data"]!["reason"]!.GetValue<string>());
    }
}
