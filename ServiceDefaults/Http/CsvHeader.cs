namespace Migration.ServiceDefaults.Http;

/// <summary>The columns of an uploaded CSV's header row, found by name: any order, any case, surrounding spaces ignored.</summary>
public static class CsvHeader
{
    /// <summary>Each column's index in the header, -1 for a column the header lacks.</summary>
    public static Dictionary<string, int> IndexesOf(IReadOnlyList<string> header, IEnumerable<string> columns) =>
        columns.ToDictionary(c => c, c => IndexOf(header, c));

    public static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}
