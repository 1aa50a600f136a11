using Microsoft.AspNetCore.Http.HttpResults;

namespace Migration.ServiceDefaults.Http;

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>With <see cref="MaxPageSize"/>, the rows skipped stay far below int.MaxValue (a larger page overflowed into a 500).</summary>
    public const int MaxPage = 1_000_000;

    public int Skip => (Page - 1) * PageSize;

    public static bool TryCreate(int? page, int? pageSize, out PageRequest request, out ProblemHttpResult? problem)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"page is between 1 and {MaxPage}."];
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize is between 1 and {MaxPageSize}."];
        }
        request = new PageRequest(page ?? 1, pageSize ?? DefaultPageSize);
        problem = errors.Count == 0 ? null : Problems.Validation(errors);
        return problem is null;
    }
}
