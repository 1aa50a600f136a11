using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Migration.ProtocolPeers.Google;

namespace Migration.IntegrationTests.Peers;

/// <summary>
/// The Google peer (tests/Migration.ProtocolPeers/Google) served over real HTTP on a free loopback port, for the
/// verifier's own tests; the AppHost's protocol-peers resource serves the same endpoints to the whole platform.
/// </summary>
public sealed class GooglePeerHost : IAsyncLifetime
{
    private WebApplication _app = null!;

    public Uri BaseUrl { get; private set; } = null!;
    public Uri TokenUrl => new(BaseUrl, "google/oauth2/token");
    public Uri GmailBaseUrl => new(BaseUrl, "google/gmail/");
    public GooglePeerClient Admin => new(new HttpClient { BaseAddress = BaseUrl });

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Services.AddGooglePeer();
        _app = builder.Build();
        _app.MapGooglePeer();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
