using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Migration.Contracts;

namespace Migration.ServiceDefaults.Auth;

/// <summary>
/// Authenticates requests that the gateway forwards: the service credential proves the request came from inside
/// the platform, and only then is the operator header trusted.
/// </summary>
public sealed class ForwardedOperatorHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ServiceCredential credential) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ForwardedOperator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!credential.Matches(Request.Headers[ServiceHeaders.ServiceCredential].ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var operatorHeader = Request.Headers[ServiceHeaders.OperatorId].ToString();
        List<Claim> claims;
        if (operatorHeader.Length == 0)
        {
            // An internal call from another service, not on an operator's behalf.
            var caller = Request.Headers[ServiceHeaders.CallingService].ToString();
            claims = [new Claim(OperatorClaims.CallingService, caller.Length == 0 ? "unnamed" : caller)];
        }
        else if (Guid.TryParse(operatorHeader, out var operatorId))
        {
            claims = [new Claim(OperatorClaims.OperatorId, operatorId.ToString()),
                      new Claim(OperatorClaims.OperatorName, Uri.UnescapeDataString(Request.Headers[ServiceHeaders.OperatorName].ToString()))];
        }
        else
        {
            return Task.FromResult(AuthenticateResult.Fail("The forwarded operator is not an id."));
        }
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>The platform's internal service credential, compared in constant time.</summary>
public sealed class ServiceCredential(string value)
{
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(value));

    public string Value { get; } = value;

    public bool Matches(string? presented) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(_expectedHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

public static class OperatorClaims
{
    public const string OperatorId = "operator_id";
    public const string CallingService = "calling_service";
    public const string OperatorName = "operator_name";

    /// <summary>Endpoints of the public API: an operator's request forwarded by the gateway (the default policy).</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Internal endpoints: another service of the platform, never routed by the gateway.</summary>
    public const string InternalServicePolicy = "internal-service";

    public static string GetOperatorName(this ClaimsPrincipal user) => user.FindFirstValue(OperatorName) ?? "";

    public static Guid GetOperatorId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(OperatorId) ?? throw new InvalidOperationException("The request has no authenticated operator."));
}

public static class ServiceCredentialExtensions
{
    public static ServiceCredential AddServiceCredential(this IHostApplicationBuilder builder)
    {
        var value = builder.Configuration[ServiceHeaders.ServiceCredentialConfigKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{ServiceHeaders.ServiceCredentialConfigKey} is not configured.");
        }
        var credential = new ServiceCredential(value);
        builder.Services.AddSingleton(credential);
        return credential;
    }

    /// <summary>Services behind the gateway accept only requests the gateway forwarded and stamped.</summary>
    public static IHostApplicationBuilder AddForwardedOperatorAuthentication(this IHostApplicationBuilder builder)
    {
        builder.AddServiceCredential();
        builder.Services.AddAuthentication(ForwardedOperatorHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ForwardedOperatorHandler>(ForwardedOperatorHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorClaims.OperatorPolicy, p => p.RequireClaim(OperatorClaims.OperatorId))
            .AddPolicy(OperatorClaims.InternalServicePolicy, p => p.RequireClaim(OperatorClaims.CallingService))
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireClaim(OperatorClaims.OperatorId).Build());
        return builder;
    }
}
