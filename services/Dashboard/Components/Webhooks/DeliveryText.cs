using System.Globalization;
using Migration.Dashboard.Api;

namespace Migration.Dashboard.Components.Webhooks;

/// <summary>How a delivery's row reads.</summary>
public static class DeliveryText
{
    /// <summary>An instant in UTC to the second, the same for every operator wherever they are.</summary>
    public static string When(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>What the subscriber answered the last try: its status code, or why there was none (a timeout, a refused address).</summary>
    public static string LastAnswer(WebhookDeliveryView delivery) => delivery.Attempts.LastOrDefault() switch
    {
        null => "–",
        { StatusCode: { } status } => status.ToString(CultureInfo.InvariantCulture),
        { Error: { } error } => error,
        _ => "–",
    };

    public static string Status(string status) => status switch
    {
        "pending" => "Pending",
        "delivered" => "Delivered",
        "failed" => "Failed",
        _ => status,
    };
}
