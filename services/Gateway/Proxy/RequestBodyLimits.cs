using Microsoft.AspNetCore.Http.Features;
using Migration.ServiceDefaults.Http;

namespace Migration.Gateway.Proxy;

public sealed class RequestBodyLimitOptions
{
    public const string Section = "Gateway:RequestBody";

    public long MaxBytes { get; set; } = UploadLimits.BodyBytes;

    /// <summary>Bulk uploads (mailbox and credential CSVs of 500,000 rows) get a larger cap, the one the services apply too.</summary>
    public long MaxBulkBytes { get; set; } = UploadLimits.CsvBytes;

    /// <summary>A JSON mailbox list on the bulk path: the service's cap, so that the gateway refuses it before proxying it.</summary>
    public long MaxJsonMailboxesBytes { get; set; } = UploadLimits.JsonMailboxesBytes;
}

/// <summary>Caps request bodies before anything reads them: a declared oversize is 413 at once, a chunked one when it passes the cap.</summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly RequestBodyLimitOptions _options = configuration.GetSection(RequestBodyLimitOptions.Section).Get<RequestBodyLimitOptions>() ?? new();

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = !IsBulkUpload(context.Request) ? _options.MaxBytes
            : CsvUpload.IsCsv(context.Request) ? _options.MaxBulkBytes
            : _options.MaxJsonMailboxesBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            await Problems.PayloadTooLarge(limit).ExecuteAsync(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await Problems.PayloadTooLarge(limit).ExecuteAsync(context);
        }
    }

    private static bool IsBulkUpload(HttpRequest request) => IsBulkUpload(request.Method, request.Path.Value ?? "");

    internal static bool IsBulkUpload(string method, string path) =>
        HttpMethods.IsPost(method)
        && (path.EndsWith("/mailboxes", StringComparison.Ordinal) || path.EndsWith("/credentials", StringComparison.Ordinal));
}
