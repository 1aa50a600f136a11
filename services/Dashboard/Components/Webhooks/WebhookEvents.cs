namespace Migration.Dashboard.Components.Webhooks;

/// <summary>The events a webhook can subscribe to (API.md), in the API's spelling and in words.</summary>
public static class WebhookEvents
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("mailboxReady", "Mailbox ready"),
        ("mailboxFailed", "Mailbox failed"),
        ("passwordChanged", "Password changed"),
        ("projectReady", "Project ready"),
    ];

    public static string Label(string value) => All.FirstOrDefault(e => e.Value == value).Label ?? value;

    public static string Labels(IEnumerable<string> values) => string.Join(", ", values.Select(Label));
}
