using System.Net;
using System.Net.Http.Json;
using Migration.Contracts.Internal;

namespace Migration.CredentialReception.Copies;

/// <summary>The migrations service's internal API: the projects and mailboxes it owns, of which this service keeps a copy.</summary>
public sealed class ProjectOwner(HttpClient http)
{
    /// <summary>The operator's project as the owner holds it now; null when the operator has no such project.</summary>
    public async Task<OwnedProject?> ProjectAsync(Guid operatorId, Guid projectId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(OwnedProjectPaths.Project(operatorId, projectId), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<OwnedProject>(cancellationToken);
    }

    public async Task<IReadOnlyList<OwnedMailbox>> MailboxesAsync(Guid operatorId, Guid projectId, long afterSequence, CancellationToken cancellationToken)
    {
        var page = await http.GetFromJsonAsync<OwnedMailboxPage>(
            OwnedProjectPaths.Mailboxes(operatorId, projectId, afterSequence, OwnedProjectPaths.MaxMailboxesPerPage), cancellationToken);
        return page?.Mailboxes ?? [];
    }
}
