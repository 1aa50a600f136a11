using System.Net;
using System.Net.Sockets;

namespace Migration.Notification.Webhooks;

/// <summary>A webhook target that resolves to no address the policy allows.</summary>
public sealed class WebhookAddressRefusedException(string host, RefusedAddress? reason)
    : Exception(reason is null ? $"{host} resolves to no address." : $"{host} resolves only to refused addresses ({reason}).")
{
    public RefusedAddress? Reason { get; } = reason;
}

/// <summary>
/// Resolves a webhook's host, checks every address with <see cref="AddressPolicy"/>, and connects only to an address
/// that passed: the check is on the address actually connected, so a name that resolves elsewhere between the
/// subscription and a delivery (DNS rebinding) is refused then too.
/// </summary>
public sealed class GuardedConnector(
    IReadOnlyCollection<IPNetwork> allowedNetworks,
    Func<string, CancellationToken, Task<IPAddress[]>> resolve,
    Func<IPEndPoint, CancellationToken, ValueTask<Stream>> connect)
{
    /// <summary>The system resolver and a plain TCP connection.</summary>
    public static GuardedConnector System(IReadOnlyCollection<IPNetwork> allowedNetworks) =>
        new(allowedNetworks, Dns.GetHostAddressesAsync, ConnectTcpAsync);

    /// <summary>The allowed addresses of <paramref name="host"/>; throws <see cref="WebhookAddressRefusedException"/> when there are none.</summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolve(host, cancellationToken);
        RefusedAddress? firstRefusal = null;
        var allowed = new List<IPAddress>();
        foreach (var address in addresses)
        {
            if (AddressPolicy.Check(address, allowedNetworks) is { } refused)
            {
                firstRefusal ??= refused;
            }
            else
            {
                allowed.Add(address);
            }
        }
        return allowed.Count > 0 ? [.. allowed] : throw new WebhookAddressRefusedException(host, firstRefusal);
    }

    /// <summary>
    /// At subscription time: every address the host resolves to now must be allowed (a name with one private address
    /// among public ones is refused, as it could be connected to).
    /// </summary>
    public async Task<RefusedAddress?> CheckAllAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException(host, null);
        }
        return addresses.Select(a => AddressPolicy.Check(a, allowedNetworks)).FirstOrDefault(r => r is not null);
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: connects to the first allowed address that answers.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);

    public async ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = await AllowedAddressesAsync(host, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await connect(new IPEndPoint(address, port), cancellationToken);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }
        throw last!;
    }

    private static async ValueTask<Stream> ConnectTcpAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
