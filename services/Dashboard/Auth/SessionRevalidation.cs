using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Migration.Dashboard.Auth;

/// <summary>
/// An open page's sign-in is checked again every few seconds: a page left open in another tab or on another machine
/// stops acting for the operator soon after Sign out, not only at its next load (docs/decisions/0025).
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, SessionRevocations revocations)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        OperatorSession.SessionIdOf(authenticationState.User) is { } session && !await revocations.IsSignedOutAsync(session, cancellationToken);

    /// <summary>
    /// The cookie of each request for what needs a signed-in operator: one of a session signed out is refused, and
    /// deleted from the browser that sent it. Scripts, styles and the sign-in page need no one, so they cost no lookup.
    /// </summary>
    public static async Task RefuseSignedOutAsync(CookieValidatePrincipalContext context)
    {
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null)
        {
            return;
        }
        var revocations = context.HttpContext.RequestServices.GetRequiredService<SessionRevocations>();
        if (OperatorSession.SessionIdOf(context.Principal) is not { } session
            || await revocations.IsSignedOutAsync(session, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
