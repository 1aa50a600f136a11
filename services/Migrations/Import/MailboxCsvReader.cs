using System.Runtime.CompilerServices;
using CsvHelper;
using Migration.Migrations.Api;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Import;

/// <summary>The CSV's header lacks a required column; nothing of the upload is used.</summary>
public sealed class MailboxCsvHeaderException(string message) : Exception(message);

/// <summary>Streams mailbox rows out of a CSV upload with a header row (any order, any case).</summary>
public static class MailboxCsvReader
{
    private static readonly string[] Columns = ["sourceAddress", "destinationUpn", "displayName", "firstName", "lastName", "passwordLastSet"];
    private static readonly string[] RequiredColumns = ["sourceAddress", "destinationUpn"];

    /// <summary>Field values never go into exception messages: later uploads of this kind carry passwords.</summary>
    internal static readonly CsvReaderOptions Options = new() { HasHeader = true, TrimWhitespace = true, IncludeValuesInExceptions = false };

    public static async IAsyncEnumerable<MailboxInput> ReadAsync(TextReader body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var csv = CsvReader.Create(body, Options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        var index = ColumnIndexes(csv.Headers ?? []);

        while (await csv.ReadAsync(cancellationToken))
        {
            yield return new MailboxInput
            {
                SourceAddress = Field(csv, index["sourceAddress"]),
                DestinationUpn = Field(csv, index["destinationUpn"]),
                DisplayName = Field(csv, index["displayName"]),
                FirstName = Field(csv, index["firstName"]),
                LastName = Field(csv, index["lastName"]),
                PasswordLastSet = Field(csv, index["passwordLastSet"]),
            };
        }
    }

    internal static Dictionary<string, int> ColumnIndexes(IReadOnlyList<string> header)
    {
        var index = CsvHeader.IndexesOf(header, Columns);
        var missing = RequiredColumns.Where(c => index[c] < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new MailboxCsvHeaderException(
                $"The CSV's header row lacks {string.Join(" and ", missing)}; it names the columns {string.Join(", ", Columns)} in any order.");
        }
        return index;
    }

    private static string? Field(CsvReader csv, int index) =>
        index >= 0 && index < csv.FieldCount ? csv.GetStringOrNull(index) is { Length: > 0 } value ? value : null : null;
}
