namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>A destination user as the tests read it (never its password).</summary>
public sealed record DirectoryUserView(string Id, string UserPrincipalName, string DisplayName, string? GivenName, string? Surname,
    string? UsageLocation, bool AccountEnabled, bool ForceChangePasswordNextSignIn, string[] Licenses, DateTimeOffset CreatedDateTime,
    int PasswordChanges);

/// <summary>A subscription with its seats taken.</summary>
public sealed record TenantSkuView(Guid SkuId, string SkuPartNumber, int Seats, int Consumed);

public sealed record TenantView(string TenantId, string[] Domains, TenantSkuView[] Skus, TenantQuotas? Quotas, int Users);

/// <summary>An account that exists before provisioning (projects that only set passwords), added by a test.</summary>
public sealed record ExistingUser(string UserPrincipalName, string Password, string? DisplayName = null, string? UsageLocation = null,
    string[]? Licenses = null);

public sealed record PasswordCheck(string Password);

/// <summary>
/// <c>/peer/graph/...</c> for the destination directories: tenants (domains, SKUs and seats, own quotas), their users and
/// a password comparison, the requests each tenant saw, and the peer-wide quotas (<see cref="GraphQuotaOptions"/>).
/// </summary>
public static class GraphDirectoryAdmin
{
    public static IEndpointRouteBuilder MapGraphDirectoryAdmin(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/peer/graph");
        admin.MapPut("/tenants/{tenant}", (string tenant, TenantSpec spec, GraphDirectory directory) =>
        {
            var created = directory.Tenants.Put(tenant, spec);
            directory.Quotas.Reset(created.TenantId);
            return Results.Ok(View(created));
        });
        admin.MapGet("/tenants/{tenant}", (string tenant, GraphDirectory directory) =>
            directory.Tenants.Find(tenant) is { } found ? Results.Ok(View(found)) : Results.NotFound());
        admin.MapGet("/tenants/{tenant}/users", (string tenant, GraphDirectory directory) =>
            directory.Tenants.Find(tenant) is { } found ? Results.Ok(found.Users.Select(u => View(found, u))) : Results.NotFound());
        admin.MapPost("/tenants/{tenant}/users", (string tenant, ExistingUser user, GraphDirectory directory, TimeProvider time) =>
        {
            var found = directory.Tenants.GetOrCreate(tenant);
            var skuIds = (user.Licenses ?? []).Select(l => (found.Spec.Skus ?? []).FirstOrDefault(s => s.SkuPartNumber.Equals(l, StringComparison.OrdinalIgnoreCase))?.Id)
                .OfType<Guid>().ToList();
            var created = new DestinationUser
            {
                Id = Guid.NewGuid().ToString(),
                UserPrincipalName = user.UserPrincipalName,
                DisplayName = user.DisplayName ?? user.UserPrincipalName.Split('@')[0],
                MailNickname = user.UserPrincipalName.Split('@')[0],
                Password = user.Password,
                UsageLocation = user.UsageLocation,
                AssignedLicenses = skuIds,
                CreatedDateTime = time.GetUtcNow(),
            };
            return found.Create(created) == DirectoryRefusal.UpnConflict ? Results.Conflict() : Results.Ok(View(found, created));
        });
        admin.MapPost("/tenants/{tenant}/users/{user}/password-check", (string tenant, string user, PasswordCheck check, GraphDirectory directory) =>
            directory.Tenants.Find(tenant)?.Find(user) is { } found
                ? Results.Ok(new { matches = found.Password == check.Password })
                : Results.NotFound());
        admin.MapGet("/tenants/{tenant}/requests", (string tenant, GraphDirectory directory) =>
            directory.Tenants.Find(tenant) is { } found ? Results.Ok(directory.Records(found.TenantId)) : Results.NotFound());
        admin.MapDelete("/tenants/{tenant}/requests", (string tenant, GraphDirectory directory) =>
        {
            if (directory.Tenants.Find(tenant) is { } found)
            {
                directory.ClearRecords(found.TenantId);
            }
            return Results.NoContent();
        });
        admin.MapGet("/quotas", (GraphDirectory directory) => directory.Quotas.Options);
        admin.MapPut("/quotas", (GraphQuotaOptions options, GraphDirectory directory) =>
        {
            directory.Quotas.Options = options;
            return Results.NoContent();
        });
        return routes;
    }

    private static TenantView View(DestinationTenant tenant) => new(tenant.TenantId, tenant.Spec.Domains ?? [],
        [.. (tenant.Spec.Skus ?? []).Select(s => new TenantSkuView(s.Id, s.SkuPartNumber, s.Seats, tenant.Consumed(s.Id)))], tenant.Spec.Quotas,
        tenant.Users.Count);

    private static DirectoryUserView View(DestinationTenant tenant, DestinationUser user) => new(user.Id, user.UserPrincipalName, user.DisplayName,
        user.GivenName, user.Surname, user.UsageLocation, user.AccountEnabled, user.ForceChangePasswordNextSignIn,
        [.. user.AssignedLicenses.Select(l => tenant.PartNumberOf(l) ?? l.ToString())], user.CreatedDateTime, user.PasswordChanges);
}
