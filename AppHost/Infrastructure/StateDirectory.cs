using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

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
    public string GetOrCreateSecret(string name, out bool created)
    {
        var file = Combine($"{name}.secret");
        created = !File.Exists(file);
        if (created)
        {
            var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            File.WriteAllText(file, secret);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return File.ReadAllText(file).Trim();
    }

    public static void CreateTraversable(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute
                                       | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
