using Migration.AppHost.Peers;

namespace Migration.AppHost;

/// <summary>The provisioning service's own wiring: the platform's Graph app, and the Graph and Entra peers in a local run.</summary>
public static class ProvisioningWiring
{
    public const string ClientIdParameter = "provisioning-graph-client-id";
    public const string ClientSecretParameter = "provisioning-graph-client-secret";

    /// <summary>The platform app the peers' seeded directory registers in every tenant (Seed/microsoft.json).</summary>
    public const string DemoClientId = "44444444-4444-4444-8444-444444444444";
    public const string DemoClientSecret = "demo-provisioning-secret";

    /// <summary>
    /// The platform's own app, the one destination tenants consent to: <c>Parameters:provisioning-graph-client-id</c> and
    /// the secret <c>Parameters:provisioning-graph-client-secret</c> (configuration, environment or user secrets); the peers'
    /// demo app when not set, which is what a local run and the tests sign in as.
    /// </summary>
    public static (IResourceBuilder<ParameterResource> ClientId, IResourceBuilder<ParameterResource> ClientSecret) AddGraphApp(
        this IDistributedApplicationBuilder builder) =>
        (builder.AddParameter(ClientIdParameter, builder.Configuration[$"Parameters:{ClientIdParameter}"] ?? DemoClientId),
         builder.AddParameter(ClientSecretParameter, builder.Configuration[$"Parameters:{ClientSecretParameter}"] ?? DemoClientSecret, secret: true));

    /// <summary>Signs the service in as the platform app and points its Graph calls at the peers, trusting their certificate.</summary>
    public static IResourceBuilder<T> WithGraph<T>(this IResourceBuilder<T> service,
        (IResourceBuilder<ParameterResource> ClientId, IResourceBuilder<ParameterResource> ClientSecret) app, IResourceBuilder<ProjectResource> peers)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var endpoint = peers.GetEndpoint(ProtocolPeers.EndpointName);
        var files = peers.Resource.Annotations.OfType<PeerCertificateAnnotation>().Single().Files;
        return service
            .WithEnvironment("Provisioning__Graph__ClientId", app.ClientId)
            .WithEnvironment("Provisioning__Graph__ClientSecret", app.ClientSecret)
            .WithEnvironment("Provisioning__Graph__AuthorityHost", ReferenceExpression.Create($"{endpoint}/"))
            .WithEnvironment("Provisioning__Graph__BaseUrl", ReferenceExpression.Create($"{endpoint}/v1.0/"))
            .WithEnvironment("Provisioning__Graph__TrustedCertificateFile", files.CertificateFile)
            .WaitFor(peers);
    }
}
