using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Migration.ServiceDefaults.Http;

public static class ApiDefaults
{
    /// <summary>JSON as API.md fixes it: camelCase names, enums as camelCase strings only.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    public static IHostApplicationBuilder AddApiDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json => Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        // A body the server refuses while a handler reads it (larger than the request's limit: 413) is the client's
        // mistake, answered with its own status as a problem, wherever the reading happens.
        builder.Services.Configure<ExceptionHandlerOptions>(options => options.StatusCodeSelector =
            exception => exception is BadHttpRequestException refused ? refused.StatusCode : StatusCodes.Status500InternalServerError);
        return builder;
    }

    /// <summary>Unhandled exceptions and bare status codes answer as problem details without internals.</summary>
    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
