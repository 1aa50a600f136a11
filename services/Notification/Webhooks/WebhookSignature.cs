using System.Security.Cryptography;

namespace Migration.Notification.Webhooks;

/// <summary>The <c>X-Signature-256</c> header: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the exact body bytes.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Signature-256";

    /// <summary>The event id, the same on every try of one delivery, for the receiver's de-duplication.</summary>
    public const string IdHeader = "X-Webhook-Id";

    public const string EventHeader = "X-Webhook-Event";

    public static string Sign(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
