using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Migration.Dashboard.Auth;

/// <summary>
/// The signed-in operator as the sign-in cookie carries it: the API key lives only inside the Data Protection-encrypted
/// ticket and in this server's memory, never in the page, the URL or a log (docs/decisions/0022).
/// </summary>
public sealed class OperatorSession(AuthenticationStateProvider authentication)
{
    public const string ApiKeyClaim = "migration:api-key";
    public const string OperatorIdClaim = "migration:operator-id";
    public const string SessionIdClaim = "migration:session-id";

    public async Task<string> KeyAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ApiKeyClaim) ?? throw new InvalidOperationException("No operator is signed in.");
    }

    /// <summary>A new sign-in: its own session id, which Sign out ends everywhere (docs/decisions/0025).</summary>
    public static ClaimsPrincipal Principal(string apiKey, string operatorId, string operatorName, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ApiKeyClaim, apiKey), new Claim(OperatorIdClaim, operatorId), new Claim(ClaimTypes.Name, operatorName),
             new Claim(SessionIdClaim, Guid.NewGuid().ToString())], scheme));

    public static Guid? SessionIdOf(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(SessionIdClaim), out var session) ? session : null;
}
