using System.Net;
using Migration.Notification.Webhooks;

namespace Migration.UnitTests.Webhooks;

public sealed class AddressPolicyTests
{
    private static readonly IReadOnlyCollection<IPNetwork> None = [];

    [Theory]
    // IPv4
    [InlineData("0.0.0.0", RefusedAddress.Unspecified)]
    [InlineData("0.1.2.3", RefusedAddress.Unspecified)]
    [InlineData("10.0.0.1", RefusedAddress.Private)]
    [InlineData("10.255.255.255", RefusedAddress.Private)]
    [InlineData("100.64.0.1", RefusedAddress.SharedAddressSpace)]
    [InlineData("100.127.255.254", RefusedAddress.SharedAddressSpace)]
    [InlineData("127.0.0.1", RefusedAddress.Loopback)]
    [InlineData("127.255.0.9", RefusedAddress.Loopback)]
    [InlineData("169.254.169.254", RefusedAddress.LinkLocal)]
    [InlineData("172.16.0.1", RefusedAddress.Private)]
    [InlineData("172.31.255.255", RefusedAddress.Private)]
    [InlineData("192.0.0.8", RefusedAddress.Reserved)]
    [InlineData("192.0.2.1", RefusedAddress.Reserved)]
    [InlineData("192.168.1.1", RefusedAddress.Private)]
    [InlineData("198.18.0.1", RefusedAddress.Reserved)]
    [InlineData("198.51.100.7", RefusedAddress.Reserved)]
    [InlineData("203.0.113.9", RefusedAddress.Reserved)]
    [InlineData("224.0.0.1", RefusedAddress.Multicast)]
    [InlineData("239.255.255.250", RefusedAddress.Multicast)]
    [InlineData("240.0.0.1", RefusedAddress.Reserved)]
    [InlineData("255.255.255.255", RefusedAddress.Broadcast)]
    // IPv6
    [InlineData("::", RefusedAddress.Unspecified)]
    [InlineData("::1", RefusedAddress.Loopback)]
    [InlineData("fe80::1", RefusedAddress.LinkLocal)]
    [InlineData("febf::1", RefusedAddress.LinkLocal)]
    [InlineData("fc00::1", RefusedAddress.UniqueLocal)]
    [InlineData("fd12:3456::1", RefusedAddress.UniqueLocal)]
    [InlineData("fec0::1", RefusedAddress.UniqueLocal)]
    [InlineData("ff02::1", RefusedAddress.Multicast)]
    [InlineData("ff0e::1", RefusedAddress.Multicast)]
    [InlineData("2001:db8::1", RefusedAddress.Reserved)]
    [InlineData("2001::1", RefusedAddress.Reserved)]
    [InlineData("100::1", RefusedAddress.Reserved)]
    // IPv4 carried in IPv6: judged by the IPv4 address
    [InlineData("::ffff:10.0.0.1", RefusedAddress.Private)]
    [InlineData("::ffff:127.0.0.1", RefusedAddress.Loopback)]
    [InlineData("::ffff:169.254.169.254", RefusedAddress.LinkLocal)]
    [InlineData("::ffff:0.0.0.0", RefusedAddress.Unspecified)]
    [InlineData("::10.0.0.1", RefusedAddress.Private)]
    [InlineData("64:ff9b::a00:1", RefusedAddress.Private)]
    [InlineData("64:ff9b::7f00:1", RefusedAddress.Loopback)]
    [InlineData("64:ff9b:1::1", RefusedAddress.Private)]
    [InlineData("2002:a00:1::1", RefusedAddress.Private)]
    [InlineData("2002:a9fe:a9fe::1", RefusedAddress.LinkLocal)]
    public void Refuses_non_public_addresses(string address, RefusedAddress reason) =>
        Assert.Equal(reason, AddressPolicy.Check(IPAddress.Parse(address), None));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("169.253.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700::1111")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Allows_public_addresses(string address) => Assert.Null(AddressPolicy.Check(IPAddress.Parse(address), None));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.0/8", true)]
    [InlineData("127.1.2.3", "127.0.0.0/8", true)]
    [InlineData("::ffff:127.0.0.1", "127.0.0.0/8", true)]
    [InlineData("::1", "127.0.0.0/8", false)]
    [InlineData("::1", "::1/128", true)]
    [InlineData("10.0.0.1", "127.0.0.0/8", false)]
    [InlineData("169.254.169.254", "127.0.0.0/8", false)]
    [InlineData("::ffff:10.0.0.1", "127.0.0.0/8", false)]
    [InlineData("10.1.2.3", "10.1.0.0/16", true)]
    [InlineData("10.2.0.1", "10.1.0.0/16", false)]
    public void Allowed_networks_are_the_only_exceptions(string address, string network, bool allowed) =>
        Assert.Equal(allowed, AddressPolicy.Check(IPAddress.Parse(address), AddressPolicy.ParseNetworks([network])) is null);

    [Fact]
    public void A_bad_allowed_network_is_a_configuration_error() =>
        Assert.Throws<InvalidOperationException>(() => AddressPolicy.ParseNetworks(["127.0.0.1/33"]));
}
