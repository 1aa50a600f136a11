using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Migration.Notification.Data;
using Migration.Notification.Webhooks;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Notification.Api;

public static class WebhooksApi
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization();

        webhooks.MapPost("/", CreateWebhook)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to events; deliveries are signed with the secret (X-Signature-256).")
            .WithDescription($"The body is at most {UploadLimits.Describe(UploadLimits.BodyBytes)}. The url must be https, carry no user info, " +
                             "and resolve to public addresses only (no loopback, private, link-local, unique-local, shared, multicast or " +
                             $"unspecified address). The secret is {WebhookRules.MinSecretLength} to {WebhookRules.MaxSecretLength} characters, " +
                             "stored encrypted, and never answered back. Each delivery is a POST of { id, type, occurredAt, data } with " +
                             "X-Signature-256: sha256=<lowercase hex HMAC-SHA256 of the body> and X-Webhook-Id (the event id, for de-duplication); " +
                             "it is tried again with exponential back-off until a 2xx, for at least 24 hours.")
            .Accepts<CreateWebhookRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        webhooks.MapGet("/", ListWebhooks).WithName("ListWebhooks").WithSummary("The operator's webhook subscriptions, oldest first.");
        webhooks.MapDelete("/{webhookId:guid}", DeleteWebhook)
            .WithName("DeleteWebhook")
            .WithSummary("Remove a subscription; its pending deliveries are not sent.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{webhookId:guid}/deliveries", ListDeliveries)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The subscription's deliveries, newest first: each with its tries (time, status code or error) and next try.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> CreateWebhook(
        JsonBody<CreateWebhookRequest> body, ClaimsPrincipal user, NotificationDbContext db, SecretProtector protector,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var request = body.Value!;
        var settings = options.Value;
        var allowed = AddressPolicy.ParseNetworks(settings.AllowedNetworks);
        var errors = WebhookRules.Validate(request.Url, request.Events, request.Secret, settings.AllowPlainHttp, allowed, out var target);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (await CheckResolvedAsync(target!, allowed, cancellationToken) is { } refusal)
        {
            return Problems.Validation("url", refusal);
        }

        var operatorId = user.GetOperatorId();
        if (await db.WebhookSubscriptions.CountAsync(s => s.OperatorId == operatorId, cancellationToken) >= settings.MaxSubscriptionsPerOperator)
        {
            return Problems.Conflict($"An operator has at most {settings.MaxSubscriptionsPerOperator} webhooks; delete one first.");
        }
        var id = Guid.CreateVersion7();
        var subscription = new WebhookSubscription
        {
            Id = id,
            OperatorId = operatorId,
            Url = target!.AbsoluteUri,
            Events = [.. WebhookRules.Normalise(request.Events!)],
            ProtectedSecret = protector.Protect(request.Secret!, id),
            CreatedAt = clock.GetUtcNow(),
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/webhooks/{id}", ToResponse(subscription));
    }

    /// <summary>The name's addresses now: every one must be allowed (they are checked again at each delivery's connection).</summary>
    private static async Task<string?> CheckResolvedAsync(Uri target, IReadOnlyCollection<IPNetwork> allowed, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            var refused = await GuardedConnector.System(allowed).CheckAllAsync(target.IdnHost, timeout.Token);
            return refused is null ? null : WebhookRules.RefusalMessage(refused.Value);
        }
        catch (Exception ex) when (ex is SocketException or WebhookAddressRefusedException or ArgumentException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return "url's host name does not resolve.";
        }
    }

    internal static async Task<Results<Ok<PagedList<WebhookResponse>>, ProblemHttpResult>> ListWebhooks(
        int? page, int? pageSize, ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }
        var operatorId = user.GetOperatorId();
        var query = db.WebhookSubscriptions.AsNoTracking().Where(s => s.OperatorId == operatorId);
        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<WebhookResponse>(items.Select(ToResponse).ToList(), paging.Page, paging.PageSize, total));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(
        Guid webhookId, ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var deleted = await db.WebhookSubscriptions.Where(s => s.Id == webhookId && s.OperatorId == operatorId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? NotFound(webhookId) : TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<PagedList<WebhookDeliveryResponse>>, ProblemHttpResult>> ListDeliveries(
        Guid webhookId, int? page, int? pageSize, ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }
        var operatorId = user.GetOperatorId();
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == webhookId && s.OperatorId == operatorId, cancellationToken))
        {
            return NotFound(webhookId);
        }
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == webhookId && d.OperatorId == operatorId);
        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(d => new
            {
                d.Id, d.EventId, d.EventType, d.Status, d.CreatedAt, d.DeliveredAt, d.NextAttemptAt,
                Attempts = d.AttemptLog.OrderBy(a => a.Number)
                    .Select(a => new WebhookAttemptResponse(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToList(),
            })
            .ToListAsync(cancellationToken);
        var responses = items.Select(d => new WebhookDeliveryResponse(d.Id, d.EventId, d.EventType, d.Status, d.CreatedAt, d.DeliveredAt,
            d.Status == WebhookDelivery.Pending ? d.NextAttemptAt : null, d.Attempts)).ToList();
        return TypedResults.Ok(new PagedList<WebhookDeliveryResponse>(responses, paging.Page, paging.PageSize, total));
    }

    private static WebhookResponse ToResponse(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.CreatedAt);

    private static ProblemHttpResult NotFound(Guid webhookId) => Problems.NotFound($"There is no webhook {webhookId}.");
}
