namespace Migration.Provisioning.Quotas;

/// <summary>The scopes of Graph's throttling (<c>x-ms-throttle-scope</c>'s first part).</summary>
public enum ThrottleScopeKind { TenantApplication, Tenant, Application }

/// <summary>The three buckets a write to one tenant takes a token from.</summary>
public sealed record QuotaScopes(string AppTenant, string Tenant, string App)
{
    public static QuotaScopes For(string appId, string tenant)
    {
        var app = appId.Trim().ToLowerInvariant();
        var directory = tenant.Trim().ToLowerInvariant();
        return new QuotaScopes($"app-tenant:{app}:{directory}", $"tenant:{directory}", $"app:{app}");
    }

    public IReadOnlyList<string> All => [AppTenant, Tenant, App];

    public string Of(ThrottleScopeKind kind) => kind switch
    {
        ThrottleScopeKind.Tenant => Tenant,
        ThrottleScopeKind.Application => App,
        _ => AppTenant,
    };

    /// <summary>
    /// Reads <c>x-ms-throttle-scope</c> (<c>&lt;Scope&gt;/&lt;Limit&gt;/&lt;ApplicationId&gt;/&lt;TenantId&gt;</c>, e.g.
    /// <c>Tenant_Application/ReadWrite/{app}/{tenant}</c>); absent or unknown, the throttle is the app+tenant pair's.
    /// </summary>
    public static ThrottleScopeKind ParseThrottleScope(string? header)
    {
        var scope = header?.Split('/', 2)[0].Trim();
        return scope switch
        {
            _ when string.Equals(scope, "Tenant", StringComparison.OrdinalIgnoreCase) => ThrottleScopeKind.Tenant,
            _ when string.Equals(scope, "Application", StringComparison.OrdinalIgnoreCase) => ThrottleScopeKind.Application,
            _ => ThrottleScopeKind.TenantApplication,
        };
    }
}
