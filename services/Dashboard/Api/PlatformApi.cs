using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.Dashboard.Api;

/// <summary>The public API through the gateway, called with the signed-in operator's key: the dashboard's only way to the platform.</summary>
public sealed partial class PlatformApi(IHttpClientFactory clients)
{
    /// <summary>Quick calls, with the standard timeouts; a CSV upload streams from the browser for minutes and has its own.</summary>
    public const string CallsClient = "platform";
    public const string UploadsClient = "platform-uploads";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The sign-in's check of a key, on behalf of the browser's address: a gateway that trusts the dashboard as a proxy
    /// counts a wrong key against that address, not against the dashboard that every operator signs in through.
    /// </summary>
    public Task<ApiResult<OperatorInfo>> MeAsync(string key, System.Net.IPAddress? browserAddress, CancellationToken cancellationToken) =>
        SendAsync<OperatorInfo>(key, HttpMethod.Get, "v1/operators/me", null, cancellationToken, forwardedFor: browserAddress);

    public Task<ApiResult<Paged<ProjectView>>> ProjectsAsync(string key, int page, int pageSize, CancellationToken cancellationToken) =>
        SendAsync<Paged<ProjectView>>(key, HttpMethod.Get, $"v1/projects?page={page}&pageSize={pageSize}", null, cancellationToken);

    public Task<ApiResult<ProjectView>> ProjectAsync(string key, Guid projectId, CancellationToken cancellationToken) =>
        SendAsync<ProjectView>(key, HttpMethod.Get, $"v1/projects/{projectId}", null, cancellationToken);

    public Task<ApiResult<ProjectView>> CreateProjectAsync(string key, NewProject project, CancellationToken cancellationToken) =>
        SendAsync<ProjectView>(key, HttpMethod.Post, "v1/projects", JsonBody(project), cancellationToken);

    public Task<ApiResult<ReadinessView>> ReadinessAsync(string key, Guid projectId, CancellationToken cancellationToken) =>
        SendAsync<ReadinessView>(key, HttpMethod.Get, $"v1/projects/{projectId}/readiness", null, cancellationToken);

    public Task<ApiResult<UploadView>> ImportMailboxesAsync(string key, Guid projectId, Stream csv, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<UploadView>(key, HttpMethod.Post, $"v1/projects/{projectId}/mailboxes", CsvBody(csv), cancellationToken, idempotencyKey, upload: true);

    public Task<ApiResult<UploadView>> ImportCredentialsAsync(string key, Guid projectId, Stream csv, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<UploadView>(key, HttpMethod.Post, $"v1/projects/{projectId}/credentials", CsvBody(csv), cancellationToken, idempotencyKey, upload: true);

    public Task<ApiProblem?> SetSourcePasswordAsync(string key, Guid projectId, string mailboxId, string password, CancellationToken cancellationToken) =>
        SendAsync(key, HttpMethod.Put, $"v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/source", JsonBody(new { password }), cancellationToken);

    public Task<ApiProblem?> SetDestinationPasswordAsync(string key, Guid projectId, string mailboxId, string password, CancellationToken cancellationToken) =>
        SendAsync(key, HttpMethod.Put, $"v1/projects/{projectId}/mailboxes/{mailboxId}/credentials/destination", JsonBody(new { password }), cancellationToken);

    public Task<ApiProblem?> VerifyAsync(string key, Guid projectId, string mailboxId, CancellationToken cancellationToken) =>
        SendAsync(key, HttpMethod.Post, $"v1/projects/{projectId}/mailboxes/{mailboxId}/verify", null, cancellationToken);

    public Task<ApiResult<InvitationsView>> SendInvitationsAsync(string key, Guid projectId, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<InvitationsView>(key, HttpMethod.Post, $"v1/projects/{projectId}/invitations", null, cancellationToken, idempotencyKey);

    public Task<ApiProblem?> SetSourceAccessAsync(string key, Guid projectId, SourceAccessGrant grant, CancellationToken cancellationToken) =>
        SendAsync(key, HttpMethod.Put, $"v1/projects/{projectId}/source-access", JsonBody(grant), cancellationToken);

    public Task<ApiProblem?> CompleteAsync(string key, Guid projectId, CancellationToken cancellationToken) =>
        SendAsync(key, HttpMethod.Post, $"v1/projects/{projectId}/complete", null, cancellationToken);

    private static StreamContent CsvBody(Stream csv)
    {
        var content = new StreamContent(csv, 64 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    public Task<ApiResult<Paged<MailboxView>>> MailboxesAsync(string key, Guid projectId, MailboxQuery query, CancellationToken cancellationToken)
    {
        var path = $"v1/projects/{projectId}/mailboxes?page={query.Page}&pageSize={query.PageSize}";
        if (query.State is { Length: > 0 } state)
        {
            path += $"&state={Uri.EscapeDataString(state)}";
        }
        if (query.Search is { Length: > 0 } search)
        {
            path += $"&search={Uri.EscapeDataString(search)}";
        }
        return SendAsync<Paged<MailboxView>>(key, HttpMethod.Get, path, null, cancellationToken);
    }

    private static JsonContent JsonBody<T>(T value) => JsonContent.Create(value, options: Json);

    /// <summary>A call whose success has no body the dashboard reads (202s, 204s).</summary>
    private async Task<ApiProblem?> SendAsync(string key, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        string? idempotencyKey = null) =>
        (await SendAsync<Accepted>(key, method, path, content, cancellationToken, idempotencyKey)).Problem;

    private async Task<ApiResult<T>> SendAsync<T>(string key, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        string? idempotencyKey = null, bool upload = false, System.Net.IPAddress? forwardedFor = null)
    {
        var http = clients.CreateClient(upload ? UploadsClient : CallsClient);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor.ToString());
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                if (typeof(T) == typeof(Accepted))
                {
                    return new(default, null);
                }
                return new(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null);
            }
            return new(default, await ReadProblemAsync(response, cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new(default, Unreachable(503));
        }
    }

    private static ApiProblem Unreachable(int status) =>
        new(status, "The platform could not be reached.", "The platform could not be reached. Try again in a moment.", null, null);

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is 502 or 504)
        {
            // The gateway's own answer when the service behind it is away: no problem body to read.
            return Unreachable(status);
        }
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ApiProblem>(Json, cancellationToken);
            return problem is null ? new(status, null, null, null, null) : problem with { Status = status };
        }
        catch (JsonException)
        {
            return new(status, response.ReasonPhrase, null, null, null);
        }
    }
}

/// <summary>Stands for an answer without a body the dashboard reads.</summary>
public sealed record Accepted;

public sealed record MailboxQuery(int Page, int PageSize, string? State, string? Search);
