using Migration.Migrations.Domain;

namespace Migration.UnitTests;

public sealed class ProjectDestinationRulesTests
{
    [Theory]
    [InlineData("ENTERPRISEPACK")]
    [InlineData("SPE_E3")]
    [InlineData("O365_BUSINESS_PREMIUM")]
    [InlineData("Microsoft_365_E5.Trial-1")]
    [InlineData(null)]
    public void Sku_part_numbers_and_none_are_accepted(string? sku) => Assert.Null(ProjectDestinationRules.LicenseSkuError(sku));

    [Theory]
    [InlineData("")]
    [InlineData(" ENTERPRISEPACK")]
    [InlineData("ENTERPRISE PACK")]
    [InlineData("_E3")]
    [InlineData("E3;DROP")]
    [InlineData("ENTERPRISEPÄCK")]
    [InlineData("<script>")]
    public void Anything_else_is_refused(string sku) => Assert.NotNull(ProjectDestinationRules.LicenseSkuError(sku));

    [Fact]
    public void A_sku_is_at_most_64_characters()
    {
        Assert.Null(ProjectDestinationRules.LicenseSkuError(new string('A', 64)));
        Assert.NotNull(ProjectDestinationRules.LicenseSkuError(new string('A', 65)));
    }

    [Theory]
    [InlineData("US")]
    [InlineData("de")]
    [InlineData(null)]
    public void Two_letter_country_codes_and_none_are_accepted(string? location) => Assert.Null(ProjectDestinationRules.UsageLocationError(location));

    [Theory]
    [InlineData("")]
    [InlineData("USA")]
    [InlineData("U")]
    [InlineData("1A")]
    [InlineData("U S")]
    public void Other_usage_locations_are_refused(string location) => Assert.NotNull(ProjectDestinationRules.UsageLocationError(location));

    [Fact]
    public void Values_are_stored_upper_case_and_the_usage_location_defaults_to_us()
    {
        Assert.Equal("ENTERPRISEPACK", ProjectDestinationRules.NormalizeLicenseSku("enterprisepack"));
        Assert.Null(ProjectDestinationRules.NormalizeLicenseSku(null));
        Assert.Equal("DE", ProjectDestinationRules.NormalizeUsageLocation("de"));
        Assert.Equal("US", ProjectDestinationRules.NormalizeUsageLocation(null));
    }
}
