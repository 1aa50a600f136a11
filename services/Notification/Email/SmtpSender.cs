using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Migration.Notification.Email;

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public bool UseTls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "migration@localhost";

    /// <summary>How many connected sessions wait for the next email; a burst of emails needs no new handshakes.</summary>
    public int IdleConnections { get; set; } = 4;

    /// <summary>An idle session older than this is closed rather than reused, well before servers drop it themselves.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Servers limit the messages of one session (Exchange Online and Gmail among them), so a session is renewed after this many.</summary>
    public int MessagesPerConnection { get; set; } = 50;
}

/// <summary>
/// Sends emails over SMTP, reusing connected sessions (one connect, EHLO and authentication for many emails). Failures
/// throw, and the consumer's retry policy tries again; a reused session that turns out to be dead is replaced once.
/// </summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options, TimeProvider clock) : IAsyncDisposable
{
    private sealed class Session(SmtpClient client)
    {
        public SmtpClient Client { get; } = client;
        public int MessagesSent { get; set; }
        public DateTimeOffset IdleSince { get; set; }
    }

    private readonly ConcurrentQueue<Session> _idle = new();

    public async Task<string> SendAsync(string recipient, string fromName, RenderedEmail email, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName, settings.FromAddress));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = email.Subject;
        message.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();

        for (var attempt = 0; ; attempt++)
        {
            var session = attempt == 0 ? await RentAsync(cancellationToken) : await ConnectAsync(cancellationToken);
            try
            {
                await session.Client.SendAsync(message, cancellationToken);
                Return(session);
                return message.MessageId ?? "";
            }
            catch (Exception ex) when (session.MessagesSent > 0 && ex is ServiceNotConnectedException or IOException or SmtpProtocolException)
            {
                // The server closed a session that had served before: send once more on a new one.
                session.Client.Dispose();
            }
            catch
            {
                session.Client.Dispose();
                throw;
            }
        }
    }

    private async Task<Session> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.Client.IsConnected && clock.GetUtcNow() - idle.IdleSince < options.Value.IdleTimeout)
            {
                return idle;
            }
            await CloseAsync(idle.Client);
        }
        return await ConnectAsync(cancellationToken);
    }

    private async Task<Session> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }
            return new Session(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private void Return(Session session)
    {
        session.MessagesSent++;
        session.IdleSince = clock.GetUtcNow();
        if (session.MessagesSent < options.Value.MessagesPerConnection && _idle.Count < options.Value.IdleConnections)
        {
            _idle.Enqueue(session);
        }
        else
        {
            _ = CloseAsync(session.Client);
        }
    }

    private static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException or OperationCanceledException)
        {
            // Closing a session that is already broken: nothing to do.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryDequeue(out var idle))
        {
            await CloseAsync(idle.Client);
        }
    }
}
