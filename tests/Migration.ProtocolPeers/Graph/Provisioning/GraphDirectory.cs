using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.ProtocolPeers.Entra;

namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>
/// One request of a destination tenant's directory, as the tests read it: when it arrived and was answered, its status,
/// whether it was a write (counted by the quotas), the scope and Retry-After of a 429, and whether it came before a
/// Retry-After the peer had given in one of its scopes had passed.
/// </summary>
public sealed record DirectoryRequestRecord(string Method, string Path, string TenantId, string AppId, int Status, bool Write,
    string? ThrottleScope, int? RetryAfterSeconds, bool BeforeRetryAfter, DateTimeOffset At, DateTimeOffset AnsweredAt);

/// <summary>A request Graph authenticated: the caller, and the tenant its token was issued for.</summary>
public sealed record DirectoryCall(HttpContext Context, GraphCaller Caller, DestinationTenant Tenant);

/// <summary>The destination directories' shared parts: the token check, the tenants, the write quotas and the records.</summary>
public sealed class GraphDirectory(EntraSigningKey key, GraphTenants tenants, WriteQuotas quotas, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DirectoryRequestRecord>> _records = new(StringComparer.OrdinalIgnoreCase);

    public GraphTenants Tenants => tenants;

    public WriteQuotas Quotas => quotas;

    public IReadOnlyList<DirectoryRequestRecord> Records(string tenantId) =>
        _records.TryGetValue(tenantId, out var queue) ? [.. queue] : [];

    public void ClearRecords(string tenantId) => _records.TryRemove(tenantId, out _);

    /// <summary>
    /// Graph's order: the token (401), the application permission (403), the write quotas for a write (429), then the
    /// operation. Every request with a valid token is recorded under its tenant.
    /// </summary>
    public async Task<IResult> HandleAsync(HttpContext context, IReadOnlyCollection<string> permissions, bool write, Func<DirectoryCall, Task<IResult>> handle)
    {
        var at = time.GetUtcNow();
        var (caller, refusal) = GraphCaller.From(context.Request, key);
        if (caller is null || caller.TenantId is null)
        {
            return GraphErrors.InvalidToken(context, refusal ?? "Access token validation failure.");
        }
        var tenant = tenants.GetOrCreate(caller.TenantId);
        QuotaDecision? decision = null;
        IResult result;
        if (!caller.Roles.Overlaps(permissions) && !caller.Scopes.Overlaps(permissions))
        {
            result = DirectoryErrors.InsufficientPrivileges(context);
        }
        else if (write && (decision = quotas.TryWrite(caller.AppId, tenant.TenantId, tenant.Spec.Quotas)) is { Admitted: false })
        {
            result = DirectoryErrors.Throttled(context, decision, caller.AppId, tenant.TenantId);
        }
        else
        {
            result = await handle(new DirectoryCall(context, caller, tenant));
        }
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        var throttled = decision is { Admitted: false };
        _records.GetOrAdd(tenant.TenantId, _ => new ConcurrentQueue<DirectoryRequestRecord>()).Enqueue(new DirectoryRequestRecord(
            context.Request.Method, context.Request.Path + context.Request.QueryString, tenant.TenantId, caller.AppId, status, write,
            throttled ? decision!.ScopeHeader(caller.AppId, tenant.TenantId) : null, throttled ? decision!.RetryAfterSeconds : null,
            decision?.BeforeRetryAfter ?? false, at, time.GetUtcNow()));
        return result;
    }

    /// <summary>The request's JSON object, or null when it has none (Graph then answers 400 BadRequest).</summary>
    public static async Task<JsonObject?> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
