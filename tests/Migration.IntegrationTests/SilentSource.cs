using System.Net;
using System.Net.Sockets;

namespace Migration.IntegrationTests;

/// <summary>
/// A source server that takes connections and never says a word: no IMAP greeting, no TLS handshake. The
/// source-access service's own check of a mailbox there ends only after its timeouts and retries (tens of seconds), so a
/// test that publishes check results itself, to drive the other services, is not overtaken by a real one.
/// </summary>
public sealed class SilentSource : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public SilentSource() => _listener.Start();

    public string Host => IPAddress.Loopback.ToString();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A data-only IMAP project whose source is this server.</summary>
    public string DataOnlyImapProject => $$"""
        { "name": "Data-only project of a silent server", "customer": { "name": "Contoso", "domain": "contoso.com" },
          "source": { "kind": "imap", "accessMethod": "password", "host": "{{Host}}", "port": {{Port}}, "useTls": false },
          "destination": { "tenantDomain": "contoso.onmicrosoft.com" }, "migrationType": "dataOnly" }
        """;

    /// <summary>An Exchange Web Services URL on this server.</summary>
    public string EwsUrl => $"https://{Host}:{Port}/EWS/Exchange.asmx";

    public void Dispose() => _listener.Stop();
}
