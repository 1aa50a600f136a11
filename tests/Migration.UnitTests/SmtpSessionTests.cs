using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Migration.Notification.Email;

namespace Migration.UnitTests;

/// <summary>The SMTP sender reuses sessions, renews them after a number of messages, and replaces one the server closed.</summary>
public sealed class SmtpSessionTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly RenderedEmail Email = new("Subject", "Text", "<p>Html</p>");

    [Theory]
    [InlineData(50, 1)]
    [InlineData(2, 3)]
    public async Task Emails_in_a_row_share_a_session_until_it_has_had_its_share_of_messages(int messagesPerConnection, int expectedSessions)
    {
        await using var server = SmtpPeer.Start();
        await using var sender = Sender(server.Port, messagesPerConnection);
        for (var i = 0; i < 5; i++)
        {
            await sender.SendAsync($"user{i}@contoso.com", "Fabrikam", Email, Cancel);
        }
        Assert.Equal(5, server.Messages);
        Assert.Equal(expectedSessions, server.Connections);
    }

    [Fact]
    public async Task A_session_the_server_closed_is_replaced_without_losing_the_email()
    {
        await using var server = SmtpPeer.Start();
        await using var sender = Sender(server.Port);
        await sender.SendAsync("first@contoso.com", "Fabrikam", Email, Cancel);
        server.DropIdleSessions();
        await sender.SendAsync("second@contoso.com", "Fabrikam", Email, Cancel);
        Assert.Equal(2, server.Messages);
        Assert.Equal(2, server.Connections);
    }

    private static SmtpSender Sender(int port, int messagesPerConnection = 50) =>
        new(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, MessagesPerConnection = messagesPerConnection }), TimeProvider.System);

    /// <summary>A minimal SMTP server (RFC 5321 commands, one DATA per transaction) that counts sessions and messages.</summary>
    private sealed class SmtpPeer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _open = [];
        private int _connections;
        private int _messages;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Connections => Volatile.Read(ref _connections);
        public int Messages => Volatile.Read(ref _messages);

        public static SmtpPeer Start()
        {
            var peer = new SmtpPeer();
            peer._listener.Start();
            _ = peer.AcceptAsync();
            return peer;
        }

        public void DropIdleSessions()
        {
            lock (_open)
            {
                _open.ForEach(c => c.Client.Close());
                _open.Clear();
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                Interlocked.Increment(ref _connections);
                lock (_open) { _open.Add(client); }
                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 peer ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var command = line.Split(' ')[0].ToUpperInvariant();
                    if (command == "DATA")
                    {
                        await writer.WriteLineAsync("354 go ahead");
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".") { }
                        Interlocked.Increment(ref _messages);
                        await writer.WriteLineAsync("250 queued");
                    }
                    else if (command == "EHLO")
                    {
                        await writer.WriteLineAsync("250 peer");
                    }
                    else if (command == "QUIT")
                    {
                        await writer.WriteLineAsync("221 bye");
                        return;
                    }
                    else
                    {
                        await writer.WriteLineAsync("250 ok");
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
                // The test dropped the session, or is over.
            }
            finally
            {
                lock (_open) { _open.Remove(client); }
                client.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            DropIdleSessions();
            return ValueTask.CompletedTask;
        }
    }
}
