using System.Text;
using Microsoft.AspNetCore.Http;
using Migration.Migrations.Api;
using Migration.Migrations.Import;
using Migration.ServiceDefaults.Http;

namespace Migration.UnitTests;

/// <summary>Input PostgreSQL cannot store, paging past int.MaxValue, and CSV charsets: refused as the client's mistake.</summary>
public sealed class HostileInputTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void Text_with_NUL_or_half_a_surrogate_pair_is_not_storable()
    {
        // Built here: a lone surrogate in an attribute or serialised theory data reaches the test as U+FFFD.
        string[] unstorable = ["a\0b", new([(char)0x61, (char)0xD800, (char)0x62]), new([(char)0xDC00]), new([(char)0x65, (char)0xD83D])];
        Assert.All(unstorable, value => Assert.False(StorableText.IsStorable(value)));
    }

    [Theory]
    [InlineData("Anna Berg")]
    [InlineData("Ünïcödé 😀 \u0001")]
    [InlineData(null)]
    public void Other_text_is_storable(string? value) => Assert.True(StorableText.IsStorable(value));

    [Theory]
    [InlineData("displayName")]
    [InlineData("sourceAddress")]
    [InlineData("lastName")]
    public void A_mailbox_row_with_NUL_in_a_field_is_rejected_by_that_field(string field)
    {
        var row = new MailboxInput
        {
            SourceAddress = field == "sourceAddress" ? "an\0na@contoso.com" : "anna@contoso.com",
            DestinationUpn = "anna@contoso.onmicrosoft.com",
            DisplayName = field == "displayName" ? "Anna\0" : "Anna",
            LastName = field == "lastName" ? "\0" : null,
        };
        Assert.Null(MailboxRowValidator.Validate(row, Today, out var errors));
        Assert.Equal([field], errors!.Keys);
    }

    [Fact]
    public void A_project_name_with_NUL_is_a_field_error()
    {
        var errors = ProjectRequestValidator.Validate(new CreateProjectRequest { Name = "Contoso\0" });
        Assert.Contains("NUL", string.Join(" ", errors["name"]).Replace("U+0000", "NUL"));
    }

    [Theory]
    [InlineData(2147483647, 1000)]
    [InlineData(1_000_001, 1)]
    [InlineData(0, 10)]
    public void Paging_past_the_last_possible_page_is_refused(int page, int pageSize)
    {
        Assert.False(PageRequest.TryCreate(page, pageSize, out _, out var problem));
        Assert.Equal(StatusCodes.Status400BadRequest, problem!.StatusCode);
    }

    [Fact]
    public void The_last_possible_page_skips_without_overflow()
    {
        Assert.True(PageRequest.TryCreate(PageRequest.MaxPage, PageRequest.MaxPageSize, out var paging, out _));
        Assert.True(paging.Skip > 0);
    }

    [Theory]
    [InlineData("text/csv; charset=latin1")]
    [InlineData("text/csv; charset=iso-8859-1")]
    [InlineData("text/csv; charset=foo")]
    public void A_CSV_in_an_unsupported_or_unknown_charset_is_415(string contentType)
    {
        Assert.Null(CsvUpload.StrictEncoding(Request(contentType), out var problem));
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, problem!.StatusCode);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_are_refused_instead_of_becoming_U_FFFD()
    {
        var latin1 = Encoding.Latin1.GetBytes("sourceAddress,destinationUpn,displayName\nj@contoso.com,j@contoso.onmicrosoft.com,Jürgen\n");
        var encoding = CsvUpload.StrictEncoding(Request("text/csv"), out _)!;
        await Assert.ThrowsAsync<DecoderFallbackException>(() => ReadAll(latin1, encoding));
    }

    [Theory]
    [InlineData("text/csv; charset=utf-8", "utf-8", true)]
    [InlineData("text/csv", "utf-8", false)]
    [InlineData("text/csv; charset=\"UTF-16\"", "utf-16", true)]
    [InlineData("text/csv; charset=utf-16be", "utf-16BE", false)]
    [InlineData("text/csv; charset=us-ascii", "us-ascii", false)]
    public async Task Declared_charsets_are_decoded_with_or_without_their_byte_order_mark(string contentType, string charset, bool byteOrderMark)
    {
        var encoding = CsvUpload.StrictEncoding(Request(contentType), out _)!;
        var text = "sourceAddress,destinationUpn,displayName\nj@contoso.com,j@contoso.onmicrosoft.com,Jurgen\n";
        var bytes = Encoding.GetEncoding(charset).GetBytes(text);
        if (byteOrderMark)
        {
            bytes = [.. Encoding.GetEncoding(charset).GetPreamble(), .. bytes];
        }
        var rows = await ReadAll(bytes, encoding);
        Assert.Equal("Jurgen", Assert.Single(rows).DisplayName);
    }

    private static HttpRequest Request(string contentType) => new DefaultHttpContext { Request = { ContentType = contentType } }.Request;

    private static async Task<List<MailboxInput>> ReadAll(byte[] body, Encoding encoding)
    {
        var rows = new List<MailboxInput>();
        await foreach (var row in MailboxCsvReader.ReadAsync(CsvUpload.Reader(new MemoryStream(body), encoding), CancellationToken.None))
        {
            rows.Add(row);
        }
        return rows;
    }
}
