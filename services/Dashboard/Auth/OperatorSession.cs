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

    public async Task<string> KeyAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ApiKeyClaim) ?? throw new InvalidOperationException("No operator is signed in.");
    }

    public static ClaimsPrincipal Principal(string apiKey, string operatorId, string operatorName, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ApiKeyClaim, apiKey), new Claim(OperatorIdClaim, operatorId), new Claim(ClaimTypes.Name, operatorName)], scheme));
}
