using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>A subscription of the tenant: a SKU (id and part number) with its number of seats.</summary>
public sealed record TenantSku(string SkuPartNumber, int Seats, Guid? SkuId = null)
{
    /// <summary>The SKU's id: as given, else Microsoft's for the well-known part numbers, else one derived from the name.</summary>
    public Guid Id => SkuId ?? KnownSkus.IdOf(SkuPartNumber);
}

/// <summary>Write quotas of one tenant, where a test wants them other than the peer's defaults (<see cref="GraphQuotaOptions"/>).</summary>
public sealed record TenantQuotas(int? AppTenantWrites = null, double? AppTenantPeriodSeconds = null, int? TenantWrites = null,
    double? TenantPeriodSeconds = null, double? TimeScale = null, int? InFlightAllowanceMilliseconds = null);

/// <summary>
/// What a test (or the demo seed) says a destination tenant is: its verified domains (none: any UPN domain is accepted),
/// its subscriptions and, optionally, its own quotas.
/// </summary>
public sealed record TenantSpec(string[]? Domains = null, TenantSku[]? Skus = null, TenantQuotas? Quotas = null);

/// <summary>A user of a destination tenant as Graph keeps it; the password only ever leaves through a comparison.</summary>
public sealed record DestinationUser
{
    public required string Id { get; init; }
    public required string UserPrincipalName { get; init; }
    public required string DisplayName { get; init; }
    public required string MailNickname { get; init; }
    public required string Password { get; init; }
    public bool AccountEnabled { get; init; } = true;
    public bool ForceChangePasswordNextSignIn { get; init; }
    public string? GivenName { get; init; }
    public string? Surname { get; init; }
    public string? UsageLocation { get; init; }
    public IReadOnlyList<Guid> AssignedLicenses { get; init; } = [];
    public DateTimeOffset CreatedDateTime { get; init; }
    public int PasswordChanges { get; init; }
}

/// <summary>Why a change of the tenant's directory was refused, for the Graph error bodies.</summary>
public enum DirectoryRefusal
{
    None,
    UserNotFound,
    UpnConflict,
    InvalidUsageLocation,
    UnknownSku,
    NoFreeSeat,
}

/// <summary>One destination tenant: its domains, subscriptions and users, changed under one lock (seats are counted exactly).</summary>
public sealed class DestinationTenant(string tenantId, TenantSpec spec)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DestinationUser> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _idByUpn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, int> _consumed = [];
    private TenantSpec _spec = spec;

    public string TenantId { get; } = tenantId;

    public TenantSpec Spec
    {
        get { lock (_lock) { return _spec; } }
    }

    public void Reconfigure(TenantSpec spec)
    {
        lock (_lock)
        {
            _spec = spec;
        }
    }

    /// <summary>True when the UPN's domain is one of the tenant's verified domains, or the tenant names none.</summary>
    public bool AcceptsDomainOf(string upn)
    {
        var domains = Spec.Domains;
        var at = upn.LastIndexOf('@');
        return at > 0 && at < upn.Length - 1
            && (domains is null || domains.Length == 0 || domains.Contains(upn[(at + 1)..], StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>By object id or by user principal name, as Graph's <c>/users/{id | userPrincipalName}</c>.</summary>
    public DestinationUser? Find(string idOrUpn)
    {
        lock (_lock)
        {
            return IdOfLocked(idOrUpn) is { } id ? _byId[id] : null;
        }
    }

    public IReadOnlyList<DestinationUser> Users
    {
        get { lock (_lock) { return [.. _byId.Values.OrderBy(u => u.CreatedDateTime)]; } }
    }

    public DirectoryRefusal Create(DestinationUser user)
    {
        lock (_lock)
        {
            if (_idByUpn.ContainsKey(user.UserPrincipalName))
            {
                return DirectoryRefusal.UpnConflict;
            }
            _byId[user.Id] = user;
            _idByUpn[user.UserPrincipalName] = user.Id;
            foreach (var sku in user.AssignedLicenses)
            {
                _consumed[sku] = _consumed.GetValueOrDefault(sku) + 1;
            }
            return DirectoryRefusal.None;
        }
    }

    /// <summary>Deletes the user; its seats are free again and its UPN may be used anew.</summary>
    public DirectoryRefusal Delete(string idOrUpn)
    {
        lock (_lock)
        {
            var id = IdOfLocked(idOrUpn);
            if (id is null || !_byId.Remove(id, out var user))
            {
                return DirectoryRefusal.UserNotFound;
            }
            _idByUpn.Remove(user.UserPrincipalName);
            foreach (var sku in user.AssignedLicenses)
            {
                _consumed[sku]--;
            }
            return DirectoryRefusal.None;
        }
    }

    public DirectoryRefusal Update(string idOrUpn, Func<DestinationUser, DestinationUser> change, out DestinationUser? updated)
    {
        lock (_lock)
        {
            updated = null;
            var id = IdOfLocked(idOrUpn);
            if (id is null)
            {
                return DirectoryRefusal.UserNotFound;
            }
            updated = change(_byId[id]);
            _byId[id] = updated;
            return DirectoryRefusal.None;
        }
    }

    /// <summary>
    /// Graph's assignLicense: removes, then adds; an added SKU must be one of the tenant's and have a free seat (a licence the
    /// user already holds takes none), and the user must have a usage location. All or nothing.
    /// </summary>
    public DirectoryRefusal AssignLicenses(string idOrUpn, IReadOnlyList<Guid> add, IReadOnlyList<Guid> remove, out DestinationUser? updated,
        out Guid refusedSku)
    {
        lock (_lock)
        {
            updated = null;
            refusedSku = Guid.Empty;
            var id = IdOfLocked(idOrUpn);
            if (id is null)
            {
                return DirectoryRefusal.UserNotFound;
            }
            var user = _byId[id];
            var skus = _spec.Skus ?? [];
            foreach (var skuId in add.Concat(remove))
            {
                if (!skus.Any(s => s.Id == skuId))
                {
                    refusedSku = skuId;
                    return DirectoryRefusal.UnknownSku;
                }
            }
            if (add.Count > 0 && string.IsNullOrEmpty(user.UsageLocation))
            {
                return DirectoryRefusal.InvalidUsageLocation;
            }
            var licenses = user.AssignedLicenses.Where(l => !remove.Contains(l)).ToList();
            foreach (var skuId in add.Distinct().Where(s => !licenses.Contains(s)))
            {
                // A seat this request frees (removed from the user) may be taken again by it.
                var freed = user.AssignedLicenses.Contains(skuId) ? 1 : 0;
                if (_consumed.GetValueOrDefault(skuId) - freed >= skus.First(s => s.Id == skuId).Seats)
                {
                    refusedSku = skuId;
                    return DirectoryRefusal.NoFreeSeat;
                }
                licenses.Add(skuId);
            }
            foreach (var sku in user.AssignedLicenses)
            {
                _consumed[sku]--;
            }
            foreach (var sku in licenses)
            {
                _consumed[sku] = _consumed.GetValueOrDefault(sku) + 1;
            }
            updated = user with { AssignedLicenses = licenses };
            _byId[id] = updated;
            return DirectoryRefusal.None;
        }
    }

    private string? IdOfLocked(string idOrUpn) => _byId.ContainsKey(idOrUpn) ? idOrUpn : _idByUpn.GetValueOrDefault(idOrUpn);

    public int Consumed(Guid skuId)
    {
        lock (_lock)
        {
            return _consumed.GetValueOrDefault(skuId);
        }
    }

    public string? PartNumberOf(Guid skuId) => (Spec.Skus ?? []).FirstOrDefault(s => s.Id == skuId)?.SkuPartNumber;
}

/// <summary>
/// The destination tenants, by id and by domain. Any tenant id is accepted (as a local run needs): an unknown one is created
/// on first use with the default subscriptions; tests create theirs first with <c>PUT /peer/graph/tenants/{tenant}</c>.
/// </summary>
public sealed class GraphTenants
{
    private static readonly string[] NotTenants = ["common", "organizations", "consumers"];
    private readonly ConcurrentDictionary<string, DestinationTenant> _tenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _idByDomain = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The subscriptions an unknown tenant starts with (the demo seed sets them).</summary>
    public TenantSku[] DefaultSkus { get; set; } = [new("ENTERPRISEPACK", 10_000)];

    /// <summary>Creates the tenant, or gives an existing one the new spec (its users stay).</summary>
    public DestinationTenant Put(string tenantIdOrDomain, TenantSpec spec)
    {
        var id = IdFor(tenantIdOrDomain);
        var domains = spec.Domains ?? [];
        if (!Guid.TryParse(tenantIdOrDomain, out _) && !domains.Contains(tenantIdOrDomain, StringComparer.OrdinalIgnoreCase))
        {
            domains = [tenantIdOrDomain, .. domains];
        }
        spec = spec with { Skus = spec.Skus ?? DefaultSkus };
        foreach (var domain in domains)
        {
            _idByDomain[domain] = id;
        }
        return _tenants.AddOrUpdate(id, _ => new DestinationTenant(id, spec), (_, existing) =>
        {
            existing.Reconfigure(spec);
            return existing;
        });
    }

    public DestinationTenant? Find(string tenantIdOrDomain) =>
        _tenants.GetValueOrDefault(_idByDomain.GetValueOrDefault(tenantIdOrDomain) ?? tenantIdOrDomain);

    /// <summary>The tenant a token is issued for: known, or created (any id accepted); a domain becomes a stable id.</summary>
    public DestinationTenant GetOrCreate(string tenantIdOrDomain) =>
        Find(tenantIdOrDomain) ?? _tenants.GetOrAdd(IdFor(tenantIdOrDomain), id =>
        {
            if (!Guid.TryParse(tenantIdOrDomain, out _))
            {
                _idByDomain.TryAdd(tenantIdOrDomain, id);
            }
            // Tenants made on first use name no domains: every UPN domain is theirs.
            return new DestinationTenant(id, new TenantSpec(Skus: DefaultSkus));
        });

    /// <summary>The id to put in a token's <c>tid</c> for the tenant in the token URL: a tenant GUID, as Entra's tokens carry.</summary>
    public string TokenTenantId(string tenantInUrl) =>
        Guid.TryParse(tenantInUrl, out _) || NotTenants.Contains(tenantInUrl, StringComparer.OrdinalIgnoreCase)
            ? tenantInUrl
            : GetOrCreate(tenantInUrl).TenantId;

    private string IdFor(string tenantIdOrDomain) =>
        Guid.TryParse(tenantIdOrDomain, out var guid) ? guid.ToString() : _idByDomain.GetValueOrDefault(tenantIdOrDomain) ?? DeterministicId(tenantIdOrDomain);

    private static string DeterministicId(string domain) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(domain.ToLowerInvariant())).AsSpan(0, 16)).ToString();
}

/// <summary>Microsoft's ids of the SKUs a migration commonly assigns (licensing service plan reference).</summary>
public static class KnownSkus
{
    private static readonly Dictionary<string, Guid> Ids = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ENTERPRISEPACK"] = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900"),
        ["SPE_E3"] = Guid.Parse("05e9a617-0261-4cee-bb44-138d3ef5d965"),
        ["EXCHANGESTANDARD"] = Guid.Parse("4b9405b0-7788-4568-add1-99614e613b69"),
        ["O365_BUSINESS_PREMIUM"] = Guid.Parse("f245ecc8-75af-4f8e-b61f-27d8114de5f3"),
    };

    public static Guid IdOf(string skuPartNumber) =>
        Ids.TryGetValue(skuPartNumber, out var id) ? id : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"sku:{skuPartNumber.ToUpperInvariant()}")).AsSpan(0, 16));
}
