using System.Collections.Concurrent;
using System.Globalization;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.AssignLicense;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions;
using Migration.Provisioning.Quotas;
using Polly.Timeout;

namespace Migration.Provisioning.Graph;

/// <summary>A destination user as a job needs to see it.</summary>
public sealed record DestinationUser(string Id, string? UsageLocation, IReadOnlyCollection<Guid> LicenseSkuIds);

/// <summary>What a new account is made of (the password travels apart and is never part of a record that prints).</summary>
public sealed record NewAccount(string Upn, string? DisplayName, string? FirstName, string? LastName, string UsageLocation);

/// <summary>
/// The Graph calls of provisioning, one request each (no retries of writes here), every failure a
/// <see cref="GraphFaultException"/>. A new model object for every request: the SDK's change tracking would send an
/// empty body for one used twice.
/// </summary>
public sealed class DestinationGraph(GraphClients clients, IOptions<GraphOptions> options, TimeProvider clock)
{
    private static readonly string[] UserFields = ["id", "userPrincipalName", "usageLocation", "assignedLicenses"];
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Dictionary<string, Guid> Skus)> _skus = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The user with this UPN, or null when there is none.</summary>
    public async Task<DestinationUser?> FindUserAsync(string tenant, string upn, CancellationToken cancellationToken)
    {
        try
        {
            var user = await CallAsync(GraphOperation.GetUser, () => clients.For(tenant).Users[upn]
                .GetAsync(request => request.QueryParameters.Select = UserFields, cancellationToken), cancellationToken);
            return user is null ? null : View(user);
        }
        catch (GraphFaultException failed) when (failed.Fault.Kind == GraphFaultKind.NotFound)
        {
            return null;
        }
    }

    public async Task<DestinationUser> CreateUserAsync(string tenant, NewAccount account, string password, CancellationToken cancellationToken)
    {
        var user = new User
        {
            AccountEnabled = true,
            UserPrincipalName = account.Upn,
            DisplayName = AccountNames.DisplayName(account.DisplayName, account.FirstName, account.LastName, account.Upn),
            GivenName = string.IsNullOrWhiteSpace(account.FirstName) ? null : account.FirstName.Trim(),
            Surname = string.IsNullOrWhiteSpace(account.LastName) ? null : account.LastName.Trim(),
            MailNickname = AccountNames.MailNickname(account.Upn),
            UsageLocation = account.UsageLocation,
            PasswordProfile = new PasswordProfile { Password = password, ForceChangePasswordNextSignIn = false },
        };
        var created = await CallAsync(GraphOperation.CreateUser, () => clients.For(tenant).Users.PostAsync(user, cancellationToken: cancellationToken), cancellationToken)
            ?? throw new GraphFaultException(GraphOperation.CreateUser, new GraphFault(GraphFaultKind.Transient), "no user in the answer");
        return View(created) with { UsageLocation = created.UsageLocation ?? account.UsageLocation };
    }

    /// <summary>PATCHes the password (and the usage location, when the user has none and a licence is to come).</summary>
    public Task SetPasswordAsync(string tenant, string userId, string password, string? usageLocation, CancellationToken cancellationToken)
    {
        var patch = new User { PasswordProfile = new PasswordProfile { Password = password, ForceChangePasswordNextSignIn = false } };
        if (usageLocation is not null)
        {
            patch.UsageLocation = usageLocation;
        }
        return CallAsync(GraphOperation.UpdateUser, () => clients.For(tenant).Users[userId].PatchAsync(patch, cancellationToken: cancellationToken), cancellationToken);
    }

    public Task SetUsageLocationAsync(string tenant, string userId, string usageLocation, CancellationToken cancellationToken) =>
        CallAsync(GraphOperation.UpdateUser, () => clients.For(tenant).Users[userId].PatchAsync(new User { UsageLocation = usageLocation },
            cancellationToken: cancellationToken), cancellationToken);

    public Task AssignLicenseAsync(string tenant, string userId, Guid skuId, CancellationToken cancellationToken) =>
        CallAsync(GraphOperation.AssignLicense, () => clients.For(tenant).Users[userId].AssignLicense.PostAsync(new AssignLicensePostRequestBody
        {
            AddLicenses = [new AssignedLicense { SkuId = skuId, DisabledPlans = [] }],
            RemoveLicenses = [],
        }, cancellationToken: cancellationToken), cancellationToken);

    /// <summary>The SKU id of a part number in the tenant (subscribedSkus, kept a while per tenant); null when not subscribed.</summary>
    public async Task<Guid?> ResolveSkuAsync(string tenant, string skuPartNumber, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!_skus.TryGetValue(tenant, out var cached) || now - cached.At > options.Value.SkuCacheDuration || !cached.Skus.ContainsKey(skuPartNumber))
        {
            var answer = await CallAsync(GraphOperation.ListSkus, () => clients.For(tenant).SubscribedSkus.GetAsync(cancellationToken: cancellationToken), cancellationToken);
            var skus = (answer?.Value ?? []).Where(s => s.SkuPartNumber is not null && s.SkuId is not null)
                .GroupBy(s => s.SkuPartNumber!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().SkuId!.Value, StringComparer.OrdinalIgnoreCase);
            cached = (now, skus);
            _skus[tenant] = cached;
        }
        return cached.Skus.TryGetValue(skuPartNumber, out var id) ? id : null;
    }

    private static DestinationUser View(User user) =>
        new(user.Id ?? "", user.UsageLocation, [.. (user.AssignedLicenses ?? []).Where(l => l.SkuId is not null).Select(l => l.SkuId!.Value)]);

    private async Task CallAsync(GraphOperation operation, Func<Task> call, CancellationToken cancellationToken) =>
        await CallAsync<object?>(operation, async () =>
        {
            await call();
            return null;
        }, cancellationToken);

    private async Task<T> CallAsync<T>(GraphOperation operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (ODataError error)
        {
            var fault = GraphErrorReasons.Classify(operation, error.ResponseStatusCode, error.Error?.Code, error.Error?.Message,
                [.. (error.Error?.Details ?? []).Select(d => d.Code ?? "")]);
            throw new GraphFaultException(operation, WithThrottle(fault, error.ResponseHeaders), $"{error.ResponseStatusCode} {error.Error?.Code}");
        }
        catch (ApiException error)
        {
            var fault = GraphErrorReasons.Classify(operation, error.ResponseStatusCode, null, null, []);
            throw new GraphFaultException(operation, WithThrottle(fault, error.ResponseHeaders), $"{error.ResponseStatusCode}");
        }
        catch (AuthenticationFailedException failed)
        {
            var service = Inner<MsalServiceException>(failed);
            var codes = service?.ResponseBody is { Length: > 0 } body ? TokenErrorCodes(body) : [];
            var fault = GraphErrorReasons.ClassifyToken(service?.StatusCode ?? 0, codes);
            if (fault.Kind == GraphFaultKind.Transient && service?.StatusCode == 429)
            {
                fault = fault with { RetryAt = clock.GetUtcNow() + (service.Headers?.RetryAfter?.Delta ?? options.Value.ReadRetryDelay) };
            }
            throw new GraphFaultException(GraphOperation.Token, fault, $"token {service?.StatusCode} AADSTS {string.Join(',', codes)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException
                                   || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new GraphFaultException(operation, new GraphFault(GraphFaultKind.Transient), ex.GetType().Name);
        }
    }

    private GraphFault WithThrottle(GraphFault fault, IDictionary<string, IEnumerable<string>> headers)
    {
        if (fault.Kind != GraphFaultKind.Throttled)
        {
            return fault;
        }
        var retryAfter = Header(headers, "Retry-After");
        TimeSpan? delta = int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        DateTimeOffset? date = delta is null && DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return fault with
        {
            RetryAt = BucketMath.RetryAt(clock.GetUtcNow(), delta, date, TimeSpan.FromSeconds(10)),
            ThrottleScope = QuotaScopes.ParseThrottleScope(Header(headers, "x-ms-throttle-scope")),
        };
    }

    private static string? Header(IDictionary<string, IEnumerable<string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static long[] TokenErrorCodes(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error_codes", out var codes) && codes.ValueKind == System.Text.Json.JsonValueKind.Array
                ? [.. codes.EnumerateArray().Where(c => c.TryGetInt64(out _)).Select(c => c.GetInt64())]
                : [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    private static T? Inner<T>(Exception exception) where T : Exception
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }
        return null;
    }
}
