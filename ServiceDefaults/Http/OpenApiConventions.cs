using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Migration.ServiceDefaults.Http;

/// <summary>What every service's OpenAPI document says the same way. The gateway adds the rules only it knows (see its merge step).</summary>
public static class OpenApiConventions
{
    public static IServiceCollection AddApiOpenApi(this IServiceCollection services, string documentName = "v1") =>
        services.AddOpenApi(documentName, options => options.AddSchemaTransformer(MarkRequiredMembers).AddOperationTransformer(DescribeRequestHeaders));

    /// <summary>Request headers that endpoint metadata declares (such as Idempotency-Key), as optional header parameters.</summary>
    internal static Task DescribeRequestHeaders(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var header in context.Description.ActionDescriptor.EndpointMetadata.OfType<IDocumentedRequestHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.HeaderName,
                In = ParameterLocation.Header,
                Required = false,
                Description = header.HeaderDescription,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = header.MaxLength },
            });
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Request members are nullable in C# so that a missing one is answered with a field error rather than a parse
    /// failure; the ones marked <see cref="RequiredAttribute"/> are required in the document (the gateway's merge step
    /// also drops their null).
    /// </summary>
    internal static Task MarkRequiredMembers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || context.JsonPropertyInfo is not null || schema.Properties is null)
        {
            return Task.CompletedTask;
        }
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) != true
                || !schema.Properties.ContainsKey(property.Name))
            {
                continue;
            }
            schema.Required ??= new HashSet<string>();
            schema.Required.Add(property.Name);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Endpoint metadata for an optional request header that the OpenAPI document should describe.</summary>
public interface IDocumentedRequestHeader
{
    string HeaderName { get; }
    string HeaderDescription { get; }
    int MaxLength { get; }
}
