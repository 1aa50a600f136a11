using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Messaging.Idempotency;

/// <summary>
/// Marks an endpoint whose requests may carry an <c>Idempotency-Key</c>. The body is read (and hashed) before the endpoint
/// runs, so the endpoint's own size limit applies here already; a body that holds secrets is kept in memory, never spilled
/// to a temporary file.
/// </summary>
public sealed record IdempotencyKeyMetadata(long MaxBodyBytes, bool BodyHoldsSecrets) : IDocumentedRequestHeader
{
    public string HeaderName => IdempotencyKeys.Header;
    public string HeaderDescription =>
        "A client-chosen key: a retry with the same key (same operator, within 24 hours) answers the first answer again and does nothing twice; " +
        "the same key on a different request is refused with 422, and while the first is still running with 409.";
    public int MaxLength => IdempotencyKeys.MaxKeyLength;
}

/// <summary>
/// API.md's <c>Idempotency-Key</c>: a retry of a request with the same key (same operator, within 24 hours) answers the
/// first answer again and does nothing twice; the same key on a different request is refused (422), and a retry while
/// the first is still running is refused (409). Middleware rather than an endpoint filter: it must hash the body before
/// parameter binding reads it.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A run that has not answered after this long was cut off (its process ended), and its key may run again.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(15);

    /// <summary>The endpoint takes an Idempotency-Key; it may then also answer 409 (the first is still running) and 422 (another request's key).</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint, long maxBodyBytes = UploadLimits.BodyBytes,
        bool bodyHoldsSecrets = false) =>
        endpoint.WithMetadata(new IdempotencyKeyMetadata(maxBodyBytes, bodyHoldsSecrets))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>After authorization: keys belong to the authenticated operator.</summary>
    public static IApplicationBuilder UseIdempotencyKeys<TDbContext>(this IApplicationBuilder app) where TDbContext : DbContext =>
        app.UseMiddleware<IdempotencyKeyMiddleware<TDbContext>>();

    internal static bool IsValid(string key) => key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= '!' and <= '~');
}

internal sealed class IdempotencyKeyMiddleware<TDbContext>(RequestDelegate next, TimeProvider clock) where TDbContext : DbContext
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>() is not { } metadata
            || !context.Request.Headers.TryGetValue(IdempotencyKeys.Header, out var values)
            || context.User.FindFirstValue(OperatorClaims.OperatorId) is not { } operatorClaim)
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (!IdempotencyKeys.IsValid(key))
        {
            await Problems.Validation(IdempotencyKeys.Header, $"An Idempotency-Key is 1 to {IdempotencyKeys.MaxKeyLength} visible ASCII characters.").ExecuteAsync(context);
            return;
        }
        var cancellationToken = context.RequestAborted;
        if (!UploadLimits.TryApply(context, metadata.MaxBodyBytes))
        {
            await Problems.PayloadTooLarge(metadata.MaxBodyBytes).ExecuteAsync(context);
            return;
        }
        byte[] requestHash;
        try
        {
            requestHash = await HashAsync(context.Request, metadata, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problems.PayloadTooLarge(context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0).ExecuteAsync(context);
            return;
        }

        var operatorId = Guid.Parse(operatorClaim);
        var store = new IdempotencyStore(context.RequestServices.GetRequiredService<TDbContext>(), clock);
        var (outcome, earlier) = await store.ClaimAsync(operatorId, key, requestHash, cancellationToken);
        switch (outcome)
        {
            case ClaimOutcome.Mismatch:
                await Problems.Unprocessable("This Idempotency-Key was used for a different request; use a new key for a new request.").ExecuteAsync(context);
                return;
            case ClaimOutcome.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await Problems.Conflict("The request with this Idempotency-Key is still running; retry once it has answered.").ExecuteAsync(context);
                return;
            case ClaimOutcome.Replay:
                await ReplayAsync(context, earlier!, cancellationToken);
                return;
        }
        await RunAndRecordAsync(context, store, operatorId, key);
    }

    /// <summary>
    /// The answer is recorded before the caller sees it, so a retry after the answer was lost on the way finds it. A fault
    /// (an exception, a 5xx) or an answer that says "try again" (409, 429) records nothing: the request did nothing, and
    /// a retry with the key runs it.
    /// </summary>
    private async Task RunAndRecordAsync(HttpContext context, IdempotencyStore store, Guid operatorId, string key)
    {
        var original = context.Response.Body;
        using var answer = new MemoryStream();
        context.Response.Body = answer;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await store.ReleaseAsync(operatorId, key);
            throw;
        }
        context.Response.Body = original;
        if (IsTryAgain(context.Response.StatusCode))
        {
            await store.ReleaseAsync(operatorId, key);
        }
        else
        {
            await store.CompleteAsync(operatorId, key, context.Response.StatusCode, context.Response.ContentType, answer.ToArray());
        }
        answer.Position = 0;
        await answer.CopyToAsync(original, context.RequestAborted);
    }

    private static bool IsTryAgain(int status) =>
        status is >= StatusCodes.Status500InternalServerError or StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests;

    private static async Task ReplayAsync(HttpContext context, IdempotentRequest earlier, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = earlier.StatusCode!.Value;
        context.Response.ContentType = earlier.ContentType;
        context.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        await context.Response.Body.WriteAsync(earlier.Body ?? [], cancellationToken);
    }

    /// <summary>The request's identity: method, path, query, content type and body. The body stays readable for the endpoint.</summary>
    private static async Task<byte[]> HashAsync(HttpRequest request, IdempotencyKeyMetadata metadata, CancellationToken cancellationToken)
    {
        if (metadata.BodyHoldsSecrets)
        {
            request.EnableBuffering(bufferThreshold: (int)Math.Min(metadata.MaxBodyBytes, int.MaxValue), bufferLimit: metadata.MaxBodyBytes);
        }
        else
        {
            request.EnableBuffering(bufferLimit: metadata.MaxBodyBytes);
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n{request.ContentType}\n"));
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }
}
