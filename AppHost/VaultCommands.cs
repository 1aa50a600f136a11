using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Migration.Contracts;

namespace Migration.AppHost;

/// <summary>
/// Key rotation and re-wrapping as commands of the credential-reception resource (dashboard, <c>aspire</c> CLI and
/// tests): they call the vault's internal API as the vault-operations identity, whose credential only the AppHost holds.
/// </summary>
public static class VaultCommands
{
    public const string RotateKey = "rotate-vault-key";
    public const string Rewrap = "rewrap-vault-keys";

    public static IResourceBuilder<ProjectResource> WithVaultCommands(this IResourceBuilder<ProjectResource> vault, IResourceBuilder<ParameterResource> credential)
    {
        vault.WithHttpCommand("/internal/vault/rotate", "Rotate the vault's key-encryption key", "http", RotateKey, Options(credential,
            "New data keys are wrapped with a new key version; existing ones stay readable until they are re-wrapped.",
            "Rotate the key-encryption key now?", "KeyReset",
            answer => $"New writes use key version {answer["version"]}."));
        vault.WithHttpCommand("/internal/vault/rewrap", "Re-wrap every data key with the current key", "http", Rewrap, Options(credential,
            "Moves every operator's data key to the current key version, so that older versions can be retired.",
            null, "KeyMultiple",
            answer => $"{answer["rewrapped"]} data key(s) re-wrapped with key version {answer["version"]}."));
        return vault;
    }

    private static HttpCommandOptions Options(IResourceBuilder<ParameterResource> credential, string description, string? confirmation, string icon,
        Func<JsonObject, string> describe) => new()
    {
        Method = HttpMethod.Post,
        Description = description,
        ConfirmationMessage = confirmation,
        IconName = icon,
        PrepareRequest = async context =>
        {
            context.Request.Headers.Add(ServiceHeaders.ServiceCredential, await credential.Resource.GetValueAsync(context.CancellationToken));
        },
        GetCommandResult = async context =>
        {
            if (!context.Response.IsSuccessStatusCode)
            {
                return CommandResults.Failure($"The vault answered {(int)context.Response.StatusCode}.");
            }
            var answer = await context.Response.Content.ReadFromJsonAsync<JsonObject>(context.CancellationToken);
            return CommandResults.Success(describe(answer!));
        },
    };
}
