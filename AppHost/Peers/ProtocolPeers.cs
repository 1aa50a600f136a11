using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Migration.AppHost.Infrastructure;

namespace Migration.AppHost.Peers;

/// <summary>Marks the peers' resource with the certificate its clients must trust.</summary>
public sealed record PeerCertificateAnnotation(PeerCertificateFiles Files) : IResourceAnnotation;

/// <summary>
/// The protocol peers (tests/Migration.ProtocolPeers: Entra ID, Graph, EWS, Google) as one https app, for tests and for a
/// local run without any cloud; <c>Peers:Port</c> chooses its port (default 5443, 0 for a free one); the settings under
/// <c>Peers:Graph</c> (the Graph peer's write quotas and time scale) are handed to it.
/// </summary>
public static class ProtocolPeers
{
    public const string EndpointName = "https";
    public const int DefaultPort = 5443;

    /// <summary>The public client the seeded directory registers for the password grant (Seed/microsoft.json).</summary>
    public const string DemoPublicClientId = "33333333-3333-4333-8333-333333333333";

    public static IResourceBuilder<ProjectResource> AddProtocolPeers(this IDistributedApplicationBuilder builder, string name, StateDirectory state)
    {
        var files = PeerCertificateFiles.GetOrCreate(state);
        var configured = builder.Configuration.GetValue<int?>("Peers:Port") ?? DefaultPort;
        var port = configured == 0 ? StateDirectory.FreeTcpPort() : configured;
        var healthCheckKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new PollingHealthCheck(ct => AnswersAsync(new Uri($"https://localhost:{port}{Migration.Contracts.ServiceEndpoints.Health}"), files, ct)),
            null, null));
#pragma warning disable ASPIRECERTIFICATES001 // WithoutHttpsCertificate is marked for evaluation.
        return builder.AddProject<Projects.Migration_ProtocolPeers>(name, launchProfileName: null)
            .WithHttpsEndpoint(port: port, targetPort: port, name: EndpointName, isProxied: false)
            // Where a developer certificate exists Aspire would hand it to the peers instead of theirs.
            .WithoutHttpsCertificate()
            .WithEnvironment("Peers__CertificateFile", files.CertificateFile)
            .WithEnvironment("Peers__KeyFile", files.KeyFile)
            // The Graph peer's write quotas and time scale (Peers:Graph:TimeScale, :AppTenantWrites, ...), passed on as set.
            .WithEnvironment(context =>
            {
                foreach (var setting in builder.Configuration.GetSection("Peers:Graph").AsEnumerable(makePathsRelative: true).Where(s => s.Value is not null))
                {
                    context.EnvironmentVariables[$"Peers__Graph__{setting.Key.Replace(":", "__", StringComparison.Ordinal)}"] = setting.Value!;
                }
            })
            .WithAnnotation(new PeerCertificateAnnotation(files))
            .WithTelemetryExportSetting(builder.Configuration)
            .WithHealthCheck(healthCheckKey);
#pragma warning restore ASPIRECERTIFICATES001
    }

    /// <summary>
    /// Points a service's source checks at the peers (section <c>SourceAccess:Endpoints</c>), with the peers' certificate
    /// trusted, and names the seeded public client for the password grant.
    /// </summary>
    public static IResourceBuilder<T> WithProtocolPeers<T>(this IResourceBuilder<T> service, IResourceBuilder<ProjectResource> peers)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var endpoint = peers.GetEndpoint(EndpointName);
        var files = peers.Resource.Annotations.OfType<PeerCertificateAnnotation>().Single().Files;
        return service
            .WithEnvironment("SourceAccess__Endpoints__EntraAuthorityHost", ReferenceExpression.Create($"{endpoint}/"))
            .WithEnvironment("SourceAccess__Endpoints__GraphBaseUrl", ReferenceExpression.Create($"{endpoint}/v1.0/"))
            .WithEnvironment("SourceAccess__Endpoints__GoogleTokenUrl", ReferenceExpression.Create($"{endpoint}/google/oauth2/token"))
            .WithEnvironment("SourceAccess__Endpoints__GmailBaseUrl", ReferenceExpression.Create($"{endpoint}/google/gmail/"))
            .WithEnvironment("SourceAccess__Endpoints__TrustedCertificateFile", files.CertificateFile)
            .WithEnvironment("SourceAccess__Office365__PublicClientId", DemoPublicClientId)
            .WaitFor(peers);
    }

    private static async Task<bool> AnswersAsync(Uri health, PeerCertificateFiles files, CancellationToken cancellationToken)
    {
        using var trusted = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(files.CertificateFile, cancellationToken));
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trusted.GetCertHash()),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        using var response = await client.GetAsync(health, cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
