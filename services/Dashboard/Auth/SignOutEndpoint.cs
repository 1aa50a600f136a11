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
        routes.MapPost(Path, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("~/signin");
        });
        return routes;
    }
}
