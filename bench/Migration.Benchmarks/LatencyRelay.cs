using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Migration.Benchmarks;

/// <summary>
/// A TCP relay in front of a server that delays every byte by a fixed one-way latency in each direction, as the network
/// between a data centre and a customer's mail server does. Bytes keep their order and stream on; only their arrival is
/// late, so a conversation of N round trips takes N × 2 × latency longer, and the server's CPU cost is unchanged.
/// </summary>
public sealed class LatencyRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LatencyRelay(int targetPort, TimeSpan oneWay)
    {
        _listener.Start();
        _accepting = AcceptAsync(targetPort, oneWay);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync(int targetPort, TimeSpan oneWay)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = RelayAsync(client, targetPort, oneWay);
        }
    }

    private async Task RelayAsync(TcpClient client, int targetPort, TimeSpan oneWay)
    {
        using (client)
        using (var server = new TcpClient { NoDelay = true })
        {
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, targetPort, _stop.Token);
                await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream(), oneWay), PumpAsync(server.GetStream(), client.GetStream(), oneWay));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, TimeSpan oneWay)
    {
        var chunks = Channel.CreateUnbounded<(long DueAt, byte[] Bytes)>();
        var sending = Task.Run(async () =>
        {
            await foreach (var (dueAt, bytes) in chunks.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = TimeSpan.FromTicks(dueAt - DateTime.UtcNow.Ticks);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }
                await to.WriteAsync(bytes, _stop.Token);
            }
            to.Socket.Shutdown(SocketShutdown.Send);
        });
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                chunks.Writer.TryWrite((DateTime.UtcNow.Ticks + oneWay.Ticks, buffer[..read]));
            }
        }
        finally
        {
            chunks.Writer.TryComplete();
        }
        await sending;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
