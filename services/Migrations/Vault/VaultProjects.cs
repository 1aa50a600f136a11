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
}
