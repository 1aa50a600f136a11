using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Migration.Dashboard.Auth;

public static class SignOutEndpoint
{
    public const string Path = "/signout";

    /// <summary>A form post from the layout: its antiforgery token is checked here, because no form binding does it for us.</summary>
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, async (HttpContext context, IAntiforgery antiforgery, SessionRevocations revocations, ILogger<SessionRevocations> logger) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }
            // Ended for every copy of the cookie and every page open on it, not only for this browser.
            if (OperatorSession.SessionIdOf(context.User) is { } session)
            {
                try
                {
                    await revocations.SignOutAsync(session, context.RequestAborted);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    // This browser is signed out all the same; pages open elsewhere keep their circuit until they close.
                    logger.LogError(ex, "Could not record the sign-out of a session");
                }
            }
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("~/signin");
        });
        return routes;
    }
}
