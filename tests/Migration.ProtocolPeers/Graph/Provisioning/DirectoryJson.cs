using System.Globalization;
using System.Text.Json.Nodes;

namespace Migration.ProtocolPeers.Graph.Provisioning;

/// <summary>Users and subscriptions as Graph v1.0 writes them: its default properties unless <c>$select</c> names others.</summary>
public static class DirectoryJson
{
    public const string Metadata = "https://graph.microsoft.com/v1.0/$metadata";

    private static readonly string[] DefaultProperties =
        ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];

    public static JsonObject AllProperties(DestinationUser user) => new()
    {
        ["id"] = user.Id,
        ["businessPhones"] = new JsonArray(),
        ["displayName"] = user.DisplayName,
        ["givenName"] = user.GivenName,
        ["jobTitle"] = null,
        ["mail"] = user.AssignedLicenses.Count > 0 ? user.UserPrincipalName : null,
        ["mobilePhone"] = null,
        ["officeLocation"] = null,
        ["preferredLanguage"] = null,
        ["surname"] = user.Surname,
        ["userPrincipalName"] = user.UserPrincipalName,
        ["accountEnabled"] = user.AccountEnabled,
        ["mailNickname"] = user.MailNickname,
        ["usageLocation"] = user.UsageLocation,
        ["userType"] = "Member",
        ["createdDateTime"] = user.CreatedDateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["passwordPolicies"] = null,
        ["passwordProfile"] = null,
        ["assignedLicenses"] = new JsonArray([.. user.AssignedLicenses.Select(sku => new JsonObject
        {
            ["disabledPlans"] = new JsonArray(),
            ["skuId"] = sku.ToString(),
        })]),
    };

    /// <summary>The properties of <c>$select</c>, or null (Graph's defaults); the unknown one, when one is unknown.</summary>
    public static (string[]? Select, string? Unknown) ParseSelect(HttpRequest request)
    {
        var value = request.Query["$select"].ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }
        var known = AllProperties(new DestinationUser { Id = "", UserPrincipalName = "", DisplayName = "", MailNickname = "", Password = "" });
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.FirstOrDefault(n => !known.Any(p => p.Key.Equals(n, StringComparison.OrdinalIgnoreCase)));
        if (unknown is not null)
        {
            return (null, unknown);
        }
        return (names.Select(n => known.First(p => p.Key.Equals(n, StringComparison.OrdinalIgnoreCase)).Key).ToArray(), unknown);
    }

    public static JsonObject User(DestinationUser user, string[]? select, bool withContext = true)
    {
        var all = AllProperties(user);
        var json = new JsonObject();
        if (withContext)
        {
            json["@odata.context"] = select is null ? $"{Metadata}#users/$entity" : $"{Metadata}#users({string.Join(',', select)})/$entity";
        }
        foreach (var name in select ?? DefaultProperties)
        {
            json[name] = all[name]?.DeepClone();
        }
        return json;
    }

    public static JsonObject Users(IEnumerable<DestinationUser> users, string[]? select) => new()
    {
        ["@odata.context"] = select is null ? $"{Metadata}#users" : $"{Metadata}#users({string.Join(',', select)})",
        ["value"] = new JsonArray([.. users.Select(u => User(u, select, withContext: false))]),
    };

    public static JsonObject SubscribedSkus(DestinationTenant tenant) => new()
    {
        ["@odata.context"] = $"{Metadata}#subscribedSkus",
        ["value"] = new JsonArray([.. (tenant.Spec.Skus ?? []).Select(sku => new JsonObject
        {
            ["accountName"] = tenant.Spec.Domains?.FirstOrDefault() ?? tenant.TenantId,
            ["accountId"] = tenant.TenantId,
            ["appliesTo"] = "User",
            ["capabilityStatus"] = "Enabled",
            ["consumedUnits"] = tenant.Consumed(sku.Id),
            ["id"] = $"{tenant.TenantId}_{sku.Id}",
            ["skuId"] = sku.Id.ToString(),
            ["skuPartNumber"] = sku.SkuPartNumber,
            ["subscriptionIds"] = new JsonArray(KnownSkus.IdOf($"{tenant.TenantId}:{sku.SkuPartNumber}").ToString()),
            ["prepaidUnits"] = new JsonObject { ["enabled"] = sku.Seats, ["suspended"] = 0, ["warning"] = 0, ["lockedOut"] = 0 },
            ["servicePlans"] = new JsonArray(),
        })]),
    };
}
