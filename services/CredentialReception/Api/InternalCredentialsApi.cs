using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts;
using Migration.Contracts.Events;
using Migration.Contracts.Internal;
using Migration.CredentialReception.Data;
using Migration.CredentialReception.Vault;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

namespace Migration.CredentialReception.Api;

public sealed record KeyVersionResponse(string Version);

public sealed record RewrapResponse(int Rewrapped, string Version);

/// <summary>
/// For the platform's own services, each endpoint for the ones it names; never routed by the gateway. Every read of a secret
/// is recorded (who, which credential, when, why) in the same transaction before the secret is answered.
/// </summary>
public static class InternalCredentialsApi
{
    public static IEndpointRouteBuilder MapInternalCredentialsApi(this IEndpointRouteBuilder routes)
    {
        var internalApi = routes.MapGroup("/internal").ExcludeFromDescription();
        // Plaintext goes only to the services that use it: verifying source access and provisioning accounts.
        internalApi.MapGet("/credentials/{credentialId:guid}", ReadCredential).RequireInternalCaller(ResourceNames.SourceAccess, ResourceNames.Provisioning);
        internalApi.MapPost("/vault/rotate", RotateKey).RequireInternalCaller(ResourceNames.VaultOperations);
        internalApi.MapPost("/vault/rewrap", Rewrap).RequireInternalCaller(ResourceNames.VaultOperations);
        return routes;
    }

    internal static async Task<Results<Ok<CredentialSecret>, ProblemHttpResult>> ReadCredential(
        Guid credentialId, string? reason, ClaimsPrincipal caller, CredentialsDbContext db, CredentialVault vault, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 200)
        {
            return Problems.Validation("reason", "Say why the credential is read (at most 200 characters): it is recorded.");
        }
        var credential = await db.Credentials.AsNoTracking().SingleOrDefaultAsync(c => c.Id == credentialId, cancellationToken);
        if (credential is null)
        {
            return Problems.NotFound($"There is no credential {credentialId}; it may have been replaced or purged.");
        }
        string password;
        try
        {
            password = await vault.OpenAsync(credential, cancellationToken);
        }
        catch (CredentialUnreadableException)
        {
            return Problems.Conflict($"Credential {credentialId} cannot be decrypted.");
        }
        db.CredentialReads.Add(new CredentialRead
        {
            CredentialId = credential.Id,
            OperatorId = credential.OperatorId,
            MailboxId = credential.MailboxId,
            Kind = credential.Kind,
            Reader = caller.GetCallingService(),
            Reason = reason.Trim(),
            ReadAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new CredentialSecret(credential.Id, credential.MailboxId, credential.Kind, credential.Username, password));
    }

    internal static async Task<Ok<KeyVersionResponse>> RotateKey(IKeyEncryptionKeyProvider keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(new KeyVersionResponse(await keys.RotateAsync(cancellationToken)));

    internal static async Task<Ok<RewrapResponse>> Rewrap(CredentialVault vault, IKeyEncryptionKeyProvider keys, CancellationToken cancellationToken)
    {
        var rewrapped = await vault.RewrapAsync(cancellationToken);
        return TypedResults.Ok(new RewrapResponse(rewrapped, await keys.CurrentVersionAsync(cancellationToken)));
    }
}
