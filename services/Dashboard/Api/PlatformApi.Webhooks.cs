namespace Migration.Dashboard.Api;

public sealed partial class PlatformApi
{
    public Task<ApiResult<Paged<WebhookView>>> WebhooksAsync(string key, int page, int pageSize, CancellationToken cancellationToken) =>
        SendAsync<Paged<WebhookView>>(key, HttpMethod.Get, $"v1/webhooks?page={page}&pageSize={pageSize}", null, cancellationToken);

    public Task<ApiResult<WebhookView>> CreateWebhookAsync(string key, NewWebhook webhook, CancellationToken cancellationToken) =>
        SendAsync<WebhookView>(key, HttpMethod.Post, "v1/webhooks", JsonBody(webhook), cancellationToken);

    public Task<ApiProblem?> DeleteWebhookAsync(string key, string webhookId, CancellationToken cancellationToken) =>
        SendAsync(key, HttpMethod.Delete, $"v1/webhooks/{Uri.EscapeDataString(webhookId)}", null, cancellationToken);

    public Task<ApiResult<Paged<WebhookDeliveryView>>> DeliveriesAsync(string key, string webhookId, int page, int pageSize,
        CancellationToken cancellationToken) =>
        SendAsync<Paged<WebhookDeliveryView>>(key, HttpMethod.Get,
            $"v1/webhooks/{Uri.EscapeDataString(webhookId)}/deliveries?page={page}&pageSize={pageSize}", null, cancellationToken);
}
