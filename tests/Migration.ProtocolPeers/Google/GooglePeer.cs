using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Migration.ProtocolPeers.Google;

/// <summary>A new service account: its public key (PEM, SubjectPublicKeyInfo) is what the token endpoint checks JWTs with.</summary>
public sealed record ServiceAccountRegistration(string ClientEmail, string ClientId, string PublicKeyPem);

public sealed record DelegationScopes(string[] Scopes);

/// <summary>
/// Google for service accounts with domain-wide delegation: the OAuth token endpoint under <c>/google/oauth2/token</c>,
/// Gmail's users.getProfile under <c>/google/gmail/</c>, and <c>/peer/google/...</c> for tests (docs/local-peers-google.md).
/// </summary>
public static class GooglePeer
{
    public static IServiceCollection AddGooglePeer(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddSingleton(_ =>
        {
            var directory = new GoogleDirectory();
            GoogleDemo.Seed(directory);
            return directory;
        });
    }

    public static IEndpointRouteBuilder MapGooglePeer(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/google/oauth2/token", GoogleTokenEndpoint.HandleAsync).DisableAntiforgery();
        routes.MapGet("/google/gmail/gmail/v1/users/{userId}/profile", GmailProfileEndpoint.Handle);

        var admin = routes.MapGroup("/peer/google");
        admin.MapPost("/service-accounts", (ServiceAccountRegistration account, GoogleDirectory directory) =>
        {
            directory.Register(new GoogleServiceAccount(account.ClientEmail, account.ClientId, account.PublicKeyPem));
            return Results.NoContent();
        });
        admin.MapPut("/delegation/{clientId}", (string clientId, DelegationScopes delegation, GoogleDirectory directory) =>
        {
            directory.Delegate(clientId, delegation.Scopes);
            return Results.NoContent();
        });
        admin.MapGet("/delegation/{clientId}", (string clientId, GoogleDirectory directory) =>
            directory.DelegatedScopes(clientId) is { } scopes ? Results.Ok(new DelegationScopes([.. scopes])) : Results.NotFound());
        admin.MapPost("/users", (GoogleUser user, GoogleDirectory directory) =>
        {
            directory.Add(user);
            return Results.NoContent();
        });
        admin.MapGet("/domains/{domain}/users", (string domain, GoogleDirectory directory) => directory.UsersOf(domain));
        admin.MapPost("/faults/token", (GoogleFault fault, GoogleDirectory directory) =>
        {
            directory.TokenFaults.Inject(fault);
            return Results.NoContent();
        });
        admin.MapPost("/faults/gmail", (GoogleFault fault, GoogleDirectory directory) =>
        {
            directory.GmailFaults.Inject(fault);
            return Results.NoContent();
        });
        admin.MapGet("/token-requests", (GoogleDirectory directory) => directory.TokenRequests);
        admin.MapGet("/gmail-requests", (GoogleDirectory directory) => directory.GmailRequests);
        admin.MapDelete("/records", (GoogleDirectory directory) =>
        {
            directory.ClearRecords();
            return Results.NoContent();
        });
        // The demo service account's JSON key file (with the published TEST key), as Google Cloud's console hands it out.
        admin.MapGet("/demo/service-account.json", () => Results.Json(GoogleDemo.ServiceAccountJson()));
        admin.MapGet("/demo/undelegated-service-account.json", () =>
            Results.Json(GoogleDemo.ServiceAccountJson(GoogleDemo.UndelegatedClientEmail, GoogleDemo.UndelegatedClientId)));
        return routes;
    }
}
