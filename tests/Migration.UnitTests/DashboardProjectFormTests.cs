using Migration.Dashboard.Components.Projects;

namespace Migration.UnitTests;

/// <summary>The New project form sends API.md's body: only the source fields of the chosen kind, blanks as absent.</summary>
public sealed class DashboardProjectFormTests
{
    [Fact]
    public void An_imap_source_sends_its_server_and_nothing_of_the_other_kinds()
    {
        var form = new ProjectFormModel
        {
            Name = " Move ", CustomerName = "Contoso", CustomerDomain = "contoso.com", SourceKind = "imap", Host = "imap.contoso.com",
            Port = 993, EwsUrl = "https://left.over/EWS/Exchange.asmx", GoogleDomain = "left.over", TenantDomain = "contoso.onmicrosoft.com",
            LicenseSku = "  ", CutoverDate = new DateOnly(2027, 1, 15),
        };

        var request = form.ToRequest();

        Assert.Equal("Move", request.Name);
        Assert.Equal(("imap.contoso.com", 993, true), (request.Source.Host, request.Source.Port, request.Source.UseTls));
        Assert.Null(request.Source.EwsUrl);
        Assert.Null(request.Source.GoogleDomain);
        Assert.Null(request.Destination.LicenseSku);
        Assert.Equal("2027-01-15", request.CutoverDate);
    }

    [Fact]
    public void An_exchange_source_sends_its_ews_url_and_blank_max_age_means_passwords_never_expire()
    {
        var form = new ProjectFormModel { SourceKind = "exchange", EwsUrl = "https://mail.contoso.com/EWS/Exchange.asmx", Host = "imap.left.over", MaxAgeDays = null };

        var request = form.ToRequest();

        Assert.Equal("https://mail.contoso.com/EWS/Exchange.asmx", request.Source.EwsUrl);
        Assert.Null(request.Source.Host);
        Assert.Null(request.Source.UseTls);
        Assert.Null(request.PasswordPolicy.MaxAgeDays);
        Assert.Null(request.CutoverDate);
    }
}
