namespace Migration.ServiceDefaults.Http;

/// <summary>
/// Text PostgreSQL can store: it has no U+0000 in text, and UTF-16 with a lone surrogate has no UTF-8 form. JSON can
/// carry both (<c>"\u0000"</c>; System.Text.Json refuses lone surrogates itself), a CSV the first.
/// </summary>
public static class StorableText
{
    public static bool IsStorable(string? value)
    {
        if (value is null)
        {
            return true;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    public static string Error(string field) => $"{field} contains a character that cannot be stored (U+0000, or half of a surrogate pair).";
}
