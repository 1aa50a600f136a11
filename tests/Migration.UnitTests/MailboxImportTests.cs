using System.Text;
using Migration.Migrations.Api;
using Migration.Migrations.Import;

namespace Migration.UnitTests;

public sealed class MailboxImportTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void A_complete_row_is_normalised()
    {
        var row = MailboxRowValidator.Validate(new MailboxInput
        {
            SourceAddress = " Anna.Berg@Contoso.com ",
            DestinationUpn = "anna.berg@contoso.onmicrosoft.com",
            DisplayName = " Anna Berg ",
            PasswordLastSet = "2026-10-01",
        }, Today, out var errors);
        Assert.Null(errors);
        Assert.Equal("anna.berg@contoso.com", row!.SourceAddress);
        Assert.Equal("Anna Berg", row.DisplayName);
        Assert.Equal(new DateOnly(2026, 10, 1), row.PasswordLastSet);
    }

    [Theory]
    [InlineData(null, "b@contoso.com", "sourceAddress")]
    [InlineData("not-an-address", "b@contoso.com", "sourceAddress")]
    [InlineData("Anna <a@contoso.com>", "b@contoso.com", "sourceAddress")]
    [InlineData("a@localhost", "b@contoso.com", "sourceAddress")]
    [InlineData("a@contoso.com", "", "destinationUpn")]
    public void Bad_addresses_are_rejected_by_field(string? source, string? destination, string field)
    {
        Assert.Null(MailboxRowValidator.Validate(new MailboxInput { SourceAddress = source, DestinationUpn = destination }, Today, out var errors));
        Assert.True(errors!.ContainsKey(field));
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    [InlineData("2027-06-01")]
    public void Bad_or_future_password_dates_are_rejected(string date)
    {
        MailboxRowValidator.Validate(new MailboxInput { SourceAddress = "a@contoso.com", DestinationUpn = "a@contoso.com", PasswordLastSet = date }, Today, out var errors);
        Assert.True(errors!.ContainsKey("passwordLastSet"));
    }

    [Fact]
    public void Directory_timestamps_count_by_their_day()
    {
        var row = MailboxRowValidator.Validate(new MailboxInput
        {
            SourceAddress = "a@contoso.com", DestinationUpn = "a@contoso.com", PasswordLastSet = "2026-09-30T22:15:00Z",
        }, Today, out _);
        Assert.Equal(new DateOnly(2026, 9, 30), row!.PasswordLastSet);
    }

    [Fact]
    public async Task The_CSV_header_is_matched_in_any_order_and_case()
    {
        var rows = await Read("DestinationUPN,displayname,SOURCEADDRESS,extra\nb@m.com,Bea,a@c.com,x\n,,,\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal("a@c.com", rows[0].SourceAddress);
        Assert.Equal("b@m.com", rows[0].DestinationUpn);
        Assert.Equal("Bea", rows[0].DisplayName);
        Assert.Null(rows[1].SourceAddress);
    }

    [Theory]
    [InlineData("")]
    [InlineData("displayName,destinationUpn\nA,a@b.com\n")]
    public async Task A_CSV_without_the_required_columns_is_refused_whole(string csv)
    {
        var error = await Assert.ThrowsAsync<MailboxCsvHeaderException>(() => Read(csv));
        Assert.Contains("sourceAddress", error.Message);
    }

    private static async Task<List<MailboxInput>> Read(string csv)
    {
        var rows = new List<MailboxInput>();
        await foreach (var row in MailboxCsvReader.ReadAsync(new StringReader(csv), CancellationToken.None))
        {
            rows.Add(row);
        }
        return rows;
    }
}
