using System.Net;
using System.Net.Sockets;

namespace Migration.Notification.Webhooks;

/// <summary>Why a webhook target address is refused (a camelCase code in answers and attempt records).</summary>
public enum RefusedAddress
{
    Unspecified,
    Loopback,
    Private,
    LinkLocal,
    UniqueLocal,
    SharedAddressSpace,
    Multicast,
    Broadcast,
    Reserved,
}

/// <summary>
/// Which addresses a webhook may be delivered to (SSRF protection): public unicast addresses only, unless an address lies
/// in one of the configured allowed networks (a local run's 127.0.0.0/8, say). IPv4-mapped, IPv4-compatible, NAT64 and
/// 6to4 IPv6 addresses are judged by the IPv4 address they carry. A pure function, so that it is tested exhaustively.
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPNetwork Network, RefusedAddress Reason)[] RefusedV4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), RefusedAddress.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), RefusedAddress.Private),
        (IPNetwork.Parse("100.64.0.0/10"), RefusedAddress.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), RefusedAddress.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), RefusedAddress.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), RefusedAddress.Private),
        (IPNetwork.Parse("192.0.0.0/24"), RefusedAddress.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), RefusedAddress.Reserved),
        (IPNetwork.Parse("192.88.99.0/24"), RefusedAddress.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), RefusedAddress.Private),
        (IPNetwork.Parse("198.18.0.0/15"), RefusedAddress.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), RefusedAddress.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), RefusedAddress.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), RefusedAddress.Multicast),
        (IPNetwork.Parse("255.255.255.255/32"), RefusedAddress.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), RefusedAddress.Reserved),
    ];

    private static readonly (IPNetwork Network, RefusedAddress Reason)[] RefusedV6 =
    [
        (IPNetwork.Parse("::/128"), RefusedAddress.Unspecified),
        (IPNetwork.Parse("::1/128"), RefusedAddress.Loopback),
        (IPNetwork.Parse("100::/64"), RefusedAddress.Reserved),
        (IPNetwork.Parse("2001::/23"), RefusedAddress.Reserved),
        (IPNetwork.Parse("2001:db8::/32"), RefusedAddress.Reserved),
        (IPNetwork.Parse("fc00::/7"), RefusedAddress.UniqueLocal),
        (IPNetwork.Parse("fe80::/10"), RefusedAddress.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), RefusedAddress.UniqueLocal),
        (IPNetwork.Parse("ff00::/8"), RefusedAddress.Multicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64Local = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");

    /// <summary>Null when a webhook may be delivered to <paramref name="address"/>, else why not.</summary>
    public static RefusedAddress? Check(IPAddress address, IReadOnlyCollection<IPNetwork> allowed)
    {
        if (allowed.Any(network => Contains(network, address)))
        {
            return null;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Refused(RefusedV4, address);
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return RefusedAddress.Reserved;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return Check(address.MapToIPv4(), allowed);
        }
        if (Nat64Local.Contains(address))
        {
            return RefusedAddress.Private;
        }
        if (Nat64.Contains(address) || (V4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            return Check(EmbeddedV4(address, 12), allowed);
        }
        if (SixToFour.Contains(address))
        {
            return Check(EmbeddedV4(address, 2), allowed);
        }
        return Refused(RefusedV6, address);
    }

    /// <summary>Whether the network holds the address, an IPv4-mapped IPv6 address counting as its IPv4 one and back.</summary>
    private static bool Contains(IPNetwork network, IPAddress address)
    {
        if (network.BaseAddress.AddressFamily == address.AddressFamily)
        {
            return network.Contains(address);
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return network.Contains(address.MapToIPv4());
        }
        return false;
    }

    private static RefusedAddress? Refused((IPNetwork Network, RefusedAddress Reason)[] table, IPAddress address)
    {
        foreach (var (network, reason) in table)
        {
            if (network.Contains(address))
            {
                return reason;
            }
        }
        return null;
    }

    private static IPAddress EmbeddedV4(IPAddress address, int offset) => new(address.GetAddressBytes().AsSpan(offset, 4));

    /// <summary>Parses the configured allowed networks (CIDR, e.g. <c>127.0.0.0/8</c>, <c>::1/128</c>); throws on a bad one.</summary>
    public static IReadOnlyCollection<IPNetwork> ParseNetworks(IEnumerable<string> networks) =>
        networks.Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => IPNetwork.TryParse(n.Trim(), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Notification:Webhooks:AllowedNetworks has '{n}', which is not a network in CIDR notation."))
            .ToArray();
}
