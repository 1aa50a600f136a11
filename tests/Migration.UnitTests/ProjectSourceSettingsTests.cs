using Migration.Migrations.Api;
using Migration.Migrations.Domain;

namespace Migration.UnitTests;

/// <summary><c>source.maxConcurrency</c> and <c>source.recheckEveryHours</c>: their bounds, and the documented defaults.</summary>
public sealed class ProjectSourceSettingsTests
{
    private static CreateProjectRequest Request(int? maxConcurrency, int? recheckEveryHours) => new()
    {
        Name = "Contoso",
        Customer = new CustomerDto { Name = "Contoso", Domain = "contoso.com" },
        Source = new SourceRequest
        {
            Kind = SourceKind.Imap, AccessMethod = SourceAccessMethod.Password, Host = "imap.contoso.com",
            MaxConcurrency = maxConcurrency, RecheckEveryHours = recheckEveryHours,
        },
        Destination = new DestinationRequest { TenantDomain = "contoso.onmicrosoft.com" },
    };

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(1, 1, null)]
    [InlineData(64, 8760, null)]
    [InlineData(0, 24, "source.maxConcurrency")]
    [InlineData(65, 24, "source.maxConcurrency")]
    [InlineData(-3, 24, "source.maxConcurrency")]
    [InlineData(8, 0, "source.recheckEveryHours")]
    [InlineData(8, 8761, "source.recheckEveryHours")]
    public void Each_setting_has_its_range_and_a_value_outside_it_is_a_field_error(int? maxConcurrency, int? recheckEveryHours, string? field)
    {
        var errors = ProjectRequestValidator.Validate(Request(maxConcurrency, recheckEveryHours));
        if (field is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([field], errors.Keys);
        }
    }

    [Fact]
    public void Absent_settings_take_the_documented_defaults_and_given_ones_are_kept()
    {
        var defaults = Request(null, null);
        var project = ProjectRequestValidator.ToProject(defaults, ProjectRequestValidator.ToSettings(defaults), Guid.NewGuid(), DateTimeOffset.UtcNow);
        Assert.Equal((8, 24), (project.SourceMaxConcurrency, project.SourceRecheckEveryHours));
        var given = Request(3, 6);
        var kept = ProjectRequestValidator.ToProject(given, ProjectRequestValidator.ToSettings(given), Guid.NewGuid(), DateTimeOffset.UtcNow);
        Assert.Equal((3, 6), (kept.SourceMaxConcurrency, kept.SourceRecheckEveryHours));
        var snapshot = kept.SourceSnapshot();
        Assert.Equal(("Imap", "Password", "imap.contoso.com", 993, true, 3, 6),
            (snapshot.Kind, snapshot.AccessMethod, snapshot.Host, snapshot.Port, snapshot.UseTls, snapshot.MaxConcurrency, snapshot.RecheckEveryHours));
    }
}
