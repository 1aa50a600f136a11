using System.Text.RegularExpressions;

namespace Migration.Migrations.Domain;

/// <summary>The destination fields that provisioning uses (R7): the licence SKU and the usage location.</summary>
public static partial class ProjectDestinationRules
{
    public const string DefaultUsageLocation = "US";
    public const int MaxLicenseSkuLength = 64;

    /// <summary>SKU part numbers are letters, digits and underscores (ENTERPRISEPACK, SPE_E3, O365_BUSINESS_PREMIUM), some with a dot or hyphen.</summary>
    public const string LicenseSkuPattern = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";
    public const string UsageLocationPattern = "^[A-Za-z]{2}$";

    /// <summary>Why a licence SKU is refused, or null when it is fine (null is fine: no licence).</summary>
    public static string? LicenseSkuError(string? sku) =>
        sku is null ? null
        : sku.Length is 0 or > MaxLicenseSkuLength || !LicenseSku().IsMatch(sku)
            ? $"destination.licenseSku is a SKU part number such as ENTERPRISEPACK (letters, digits, '_', '.' or '-', at most {MaxLicenseSkuLength} characters), or null for no licence."
            : null;

    /// <summary>Why a usage location is refused, or null when it is fine (null takes the default).</summary>
    public static string? UsageLocationError(string? location) =>
        location is null || UsageLocation().IsMatch(location)
            ? null
            : "destination.usageLocation is an ISO 3166 alpha-2 country code such as US or DE (default US).";

    /// <summary>Part numbers are upper case in Microsoft 365 (subscribedSkus answers them so).</summary>
    public static string? NormalizeLicenseSku(string? sku) => sku?.ToUpperInvariant();

    public static string NormalizeUsageLocation(string? location) => location?.ToUpperInvariant() ?? DefaultUsageLocation;

    [GeneratedRegex(LicenseSkuPattern)]
    private static partial Regex LicenseSku();

    [GeneratedRegex(UsageLocationPattern)]
    private static partial Regex UsageLocation();
}
