using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Gateway.Auth;
using Migration.Gateway.Data;
using Migration.Gateway.Proxy;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.Gateway.Api;

public sealed record CreateOperatorRequest
{
    [Required]
    public string? Name { get; init; }
}

public sealed record OperatorResponse(Guid Id, string Name);

/// <summary>The only answer that ever contains the key.</summary>
public sealed record OperatorCreatedResponse(Guid Id, string Name, string ApiKey)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Id = {Id}, Name = {Name}, ApiKey = {Redaction.Of(ApiKey)}");
        return true;
    }
}

public static class OperatorsApi
{
    public static IEndpointRouteBuilder MapOperatorsApi(this IEndpointRouteBuilder routes)
    {
        var operators = routes.MapGroup("/v1/operators").WithTags("Operators").RequireRateLimiting(RateLimits.PerCaller);
        operators.MapPost("/", CreateOperator)
            .RequireAuthorization(GatewayPolicies.Admin)
            .WithName("CreateOperator")
            .WithSummary("Create an operator and its API key (platform administrator key only); the key is shown only here.")
            .Accepts<CreateOperatorRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        operators.MapGet("/me", GetCurrentOperator)
            .RequireAuthorization(GatewayPolicies.Operator)
            .WithName("GetCurrentOperator")
            .WithSummary("The operator the key belongs to.");
        return routes;
    }

    internal static async Task<Results<Created<OperatorCreatedResponse>, ProblemHttpResult>> CreateOperator(
        JsonBody<CreateOperatorRequest> body, GatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var name = body.Value!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || !StorableText.IsStorable(name))
        {
            return Problems.Validation("name", "name is required, at most 200 characters, without U+0000.");
        }

        var now = clock.GetUtcNow();
        var @operator = new Operator { Id = Guid.CreateVersion7(), Name = name, CreatedAt = now };
        var key = ApiKeys.Issue();
        db.Operators.Add(@operator);
        db.ApiKeys.Add(new ApiKey { Id = Guid.CreateVersion7(), OperatorId = @operator.Id, KeyId = key.KeyId, SecretHash = key.SecretHash, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/operators/{@operator.Id}", new OperatorCreatedResponse(@operator.Id, @operator.Name, key.Text));
    }

    internal static async Task<Results<Ok<OperatorResponse>, ProblemHttpResult>> GetCurrentOperator(
        ClaimsPrincipal user, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var operatorId = user.GetOperatorId();
        var found = await db.Operators.AsNoTracking().SingleOrDefaultAsync(o => o.Id == operatorId, cancellationToken);
        return found is null ? Problems.NotFound("The operator no longer exists.") : TypedResults.Ok(new OperatorResponse(found.Id, found.Name));
    }
}
