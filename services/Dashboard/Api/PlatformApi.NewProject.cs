namespace Migration.Dashboard.Api;

public sealed partial class PlatformApi
{
    /// <summary>The API's own rules on a project not yet saved: its requirements, or the 400/422 its creation would answer.</summary>
    public Task<ApiResult<ProjectPreview>> PreviewProjectAsync(string key, NewProject project, CancellationToken cancellationToken) =>
        SendAsync<ProjectPreview>(key, HttpMethod.Post, "v1/projects/preview", JsonBody(project), cancellationToken);
}
