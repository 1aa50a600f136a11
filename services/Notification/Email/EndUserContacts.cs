using System.Net;
using System.Net.Http.Json;
using Migration.Contracts.Reception;

namespace Migration.Notification.Email;

/// <summary>The credential-reception service's internal API: contact details with fresh reception links.</summary>
public sealed class EndUserContacts(HttpClient http)
{
    /// <summary>A new link is issued per email: tokens are stored only as hashes, so an earlier one cannot be shown again.</summary>
    public Task<EndUserContact?> WithNewReceptionLinkAsync(Guid mailboxId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/internal/mailboxes/{mailboxId}/reception-link", cancellationToken);

    /// <summary>The end users of a project who were invited (contact details only, no links).</summary>
    public async Task<IReadOnlyList<EndUserContact>> InvitedAsync(Guid projectId, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<EndUserContact>>($"/internal/projects/{projectId}/invited-contacts", cancellationToken) ?? [];

    private async Task<EndUserContact?> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EndUserContact>(cancellationToken);
    }
}
