using System.Net.Http.Json;
using Migration.Contracts.Internal;

namespace Migration.Migrations.Vault;

/// <summary>The credential vault's internal API for the projects this service owns.</summary>
public sealed class VaultProjects(HttpClient http)
{
    /// <summary>
    /// Closes the project in the vault and returns once it takes no more credentials; idempotent. Throws when the vault
    /// cannot be reached: the completion is then not confirmed to the operator.
    /// </summary>
    public async Task CloseAsync(OwnedProject project, string operatorName, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(OwnedProjectPaths.Close(project.ProjectId), new CloseProjectRequest(project, operatorName), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The mailbox's source credential and its project's grant as the vault holds them now (read-your-writes).</summary>
    public async Task<SourceReferences> SourceReferencesAsync(Guid operatorId, Guid projectId, Guid mailboxId, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SourceReferences>(SourceReferencePaths.Of(operatorId, projectId, mailboxId), cancellationToken)
        ?? new SourceReferences(null, null);
}
