namespace Migration.Provisioning.Graph;

/// <summary>
/// Section <c>Provisioning:Graph</c>: the platform's own app (the one every destination tenant consents to), and the cloud
/// endpoints. The defaults are Microsoft's; a local run and the tests point them at the protocol peers in tests/.
/// </summary>
public sealed class GraphOptions
{
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com/");
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0/");

    /// <summary>The platform app's client id (AppHost parameter <c>provisioning-graph-client-id</c>).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Its client secret (AppHost secret parameter <c>provisioning-graph-client-secret</c>); never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>A PEM certificate trusted besides the system's (the peers' self-signed one); never set in production.</summary>
    public string? TrustedCertificateFile { get; set; }

    /// <summary>One attempt's time limit; a read that times out is tried again, a write is not (the job looks first).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a read (GET) after a 5xx, a timeout or a broken connection.</summary>
    public int ReadRetries { get; set; } = 3;
    public TimeSpan ReadRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a tenant's subscribedSkus (SKU part number to id) is kept.</summary>
    public TimeSpan SkuCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    internal const string Scope = "https://graph.microsoft.com/.default";
}
