using System.Net;
using Migration.Notification.Webhooks;

namespace Migration.UnitTests.Webhooks;

/// <summary>The connection-time check: the address connected to is the one checked, whatever the name resolves to then.</summary>
public sealed class GuardedConnectorTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly List<IPEndPoint> _connected = [];

    private GuardedConnector Connector(Dictionary<string, string[]> dns, params string[] allowed) =>
        new(AddressPolicy.ParseNetworks(allowed),
            (host, _) => Task.FromResult(dns.TryGetValue(host, out var a) ? a.Select(IPAddress.Parse).ToArray() : []),
            (endPoint, _) =>
            {
                _connected.Add(endPoint);
                return ValueTask.FromResult<Stream>(new MemoryStream());
            });

    [Fact]
    public async Task A_name_that_now_resolves_to_a_private_address_is_refused_without_connecting()
    {
        var dns = new Dictionary<string, string[]> { ["hooks.example.com"] = ["8.8.8.8"] };
        var connector = Connector(dns, "127.0.0.0/8");
        Assert.Null(await connector.CheckAllAsync("hooks.example.com", Cancel));

        dns["hooks.example.com"] = ["10.0.0.1"]; // rebinding after the subscription was checked
        var refused = await Assert.ThrowsAsync<WebhookAddressRefusedException>(() => connector.ConnectAsync("hooks.example.com", 443, Cancel).AsTask());
        Assert.Equal(RefusedAddress.Private, refused.Reason);
        Assert.Empty(_connected);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("[::ffff:10.0.0.1]")]
    [InlineData("[fd00::1]")]
    [InlineData("[::1]")]
    public async Task Literal_refused_addresses_are_never_connected(string host)
    {
        await Assert.ThrowsAsync<WebhookAddressRefusedException>(() => Connector([], "127.0.0.0/8").ConnectAsync(host, 443, Cancel).AsTask());
        Assert.Empty(_connected);
    }

    [Fact]
    public async Task Only_the_allowed_addresses_of_a_mixed_answer_are_connected_but_the_subscription_is_refused()
    {
        var dns = new Dictionary<string, string[]> { ["mixed.example.com"] = ["10.0.0.1", "8.8.4.4"] };
        var connector = Connector(dns);
        Assert.Equal(RefusedAddress.Private, await connector.CheckAllAsync("mixed.example.com", Cancel));
        await connector.ConnectAsync("mixed.example.com", 443, Cancel);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("8.8.4.4"), 443), Assert.Single(_connected));
    }

    [Fact]
    public async Task An_allowed_network_lets_a_local_receiver_be_reached()
    {
        await Connector([], "127.0.0.0/8").ConnectAsync("127.0.0.1", 8080, Cancel);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), Assert.Single(_connected));
    }

    [Fact]
    public async Task A_name_that_resolves_to_nothing_is_refused()
    {
        var refused = await Assert.ThrowsAsync<WebhookAddressRefusedException>(() => Connector([]).ConnectAsync("nowhere.example.com", 443, Cancel).AsTask());
        Assert.Null(refused.Reason);
    }
}
