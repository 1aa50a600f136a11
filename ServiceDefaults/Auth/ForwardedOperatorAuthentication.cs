using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Migration.Contracts;

namespace Migration.ServiceDefaults.Auth;

/// <summary>
/// Authenticates calls from the platform's other services by the credential they present: the caller is whoever's
/// credential it is, never what a header says. Only the gateway's calls may carry an operator, which it authenticated.
/// </summary>
public sealed class ForwardedOperatorHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ServiceCallers callers) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ForwardedOperator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var caller = callers.Identify(Request.Headers[ServiceHeaders.ServiceCredential].ToString());
        if (caller is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        List<Claim> claims = [new Claim(OperatorClaims.CallingService, caller)];
        var operatorHeader = Request.Headers[ServiceHeaders.OperatorId].ToString();
        if (operatorHeader.Length > 0)
        {
            if (caller != ResourceNames.Gateway)
            {
                return Task.FromResult(AuthenticateResult.Fail("Only the gateway forwards an operator."));
            }
            if (!Guid.TryParse(operatorHeader, out var operatorId))
            {
                return Task.FromResult(AuthenticateResult.Fail("The forwarded operator is not an id."));
            }
            claims.Add(new Claim(OperatorClaims.OperatorId, operatorId.ToString()));
            claims.Add(new Claim(OperatorClaims.OperatorName, Uri.UnescapeDataString(Request.Headers[ServiceHeaders.OperatorName].ToString())));
        }
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

public static class OperatorClaims
{
    public const string OperatorId = "operator_id";

    /// <summary>The authenticated calling service (a <see cref="ResourceNames"/> value).</summary>
    public const string CallingService = "calling_service";
    public const string OperatorName = "operator_name";

    /// <summary>Endpoints of the public API: an operator's request forwarded by the gateway (the default policy).</summary>
    public const string OperatorPolicy = "operator";

    public static string GetOperatorName(this ClaimsPrincipal user) => user.FindFirstValue(OperatorName) ?? "";

    public static Guid GetOperatorId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(OperatorId) ?? throw new InvalidOperationException("The request has no authenticated operator."));

    /// <summary>The service that made the call, as its credential proved.</summary>
    public static string GetCallingService(this ClaimsPrincipal user) =>
        user.FindFirstValue(CallingService) ?? throw new InvalidOperationException("The request has no authenticated calling service.");
}

public static class ForwardedOperatorAuthenticationExtensions
{
    /// <summary>Services behind the gateway accept only calls from the services whose credential hashes they were given.</summary>
    public static IHostApplicationBuilder AddForwardedOperatorAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceIdentityOptions>().BindConfiguration(ServiceIdentityOptions.Section)
            .Validate(o => o.Callers.Count > 0, $"{ServiceIdentityOptions.Section}:{nameof(ServiceIdentityOptions.Callers)} names no caller.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ServiceCallers>();
        builder.Services.AddAuthentication(ForwardedOperatorHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ForwardedOperatorHandler>(ForwardedOperatorHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorClaims.OperatorPolicy, p => p.RequireClaim(OperatorClaims.OperatorId))
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireClaim(OperatorClaims.OperatorId).Build());
        return builder;
    }
}
