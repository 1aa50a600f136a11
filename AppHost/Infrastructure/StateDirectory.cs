using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Migration.Contracts;

namespace Migration.AppHost.Infrastructure;

/// <summary>
/// Where executable-mode infrastructure keeps its data and the generated secrets: <c>.state/</c> in the repository
/// (kept between local runs), or the folder <c>Infrastructure:StateDirectory</c> names (tests use a fresh one).
/// </summary>
public sealed class StateDirectory
{
    public const string ConfigKey = "Infrastructure:StateDirectory";

    public StateDirectory(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigKey];
        Path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(builder.AppHostDirectory, "..", ".state")
            : configured);
        // PostgreSQL runs as its own user and must be able to traverse to its data folder.
        CreateTraversable(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A secret kept in the state folder (mode 0600), created on first use; <paramref name="created"/> tells whether it is new.</summary>
    public string GetOrCreateSecret(string name, out bool created) =>
        PrivateFile.ReadOrCreate(Combine($"{name}.secret"), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), out created).Trim();

    public static void CreateTraversable(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute
                                       | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>
    /// A port nothing listens on, below the kernel's ephemeral range: a port from that range can be taken by any outgoing
    /// connection (a health check, a database client) between this choice and the moment the process binds it, which once
    /// kept RabbitMQ from starting ("could not bind to distribution port").
    /// </summary>
    public static int FreeTcpPort()
    {
        var (first, last) = ListeningRange();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(first, last + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use; try another.
            }
        }
        throw new InvalidOperationException($"No free TCP port between {first} and {last}.");
    }

    /// <summary>Ports 20000 up to the start of the ephemeral range (32768 by default on Linux).</summary>
    private static (int First, int Last) ListeningRange()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralStart = 32768;
        if (File.Exists(rangeFile)
            && int.TryParse(File.ReadAllText(rangeFile).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var start))
        {
            ephemeralStart = start;
        }
        return ephemeralStart > 21000 ? (20000, ephemeralStart - 1) : (ephemeralStart / 2, ephemeralStart - 1);
    }
}
