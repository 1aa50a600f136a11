using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Migration.ServiceDefaults.Http;

/// <summary>Enum query parameters in the API's camelCase spelling (minimal APIs' own binding is case-sensitive).</summary>
public static class QueryEnum
{
    public static bool TryParse<TEnum>(string? value, string parameter, out TEnum? result, out ProblemHttpResult? problem)
        where TEnum : struct, Enum
    {
        result = null;
        problem = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }
        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0]))
        {
            result = parsed;
            return true;
        }
        var allowed = string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.CamelCase.ConvertName));
        problem = Problems.Validation(parameter, $"{parameter} is one of {allowed}.");
        return false;
    }
}
