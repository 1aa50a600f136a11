using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Migration.Contracts;

namespace Migration.Benchmarks;

/// <summary>The whole platform as the AppHost starts it (executable mode, fresh state), for measuring.</summary>
public sealed class PlatformUnderTest : IAsyncDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"migration-bench-{Guid.NewGuid():N}");
    private readonly string _adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private DistributedApplication _app = null!;
    private Action? _restoreAutogroups;

    /// <summary>Whether the kernel's session autogroups were off while measuring (see <see cref="CpuPriority"/>).</summary>
    public bool SessionAutogroupsOff { get; private set; }

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The AppHost's real IMAP server (Dovecot): its port and passwd-file.</summary>
    public Migration.AppHost.Infrastructure.DovecotResource Dovecot =>
        _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<Migration.AppHost.Infrastructure.DovecotResource>().Single();

    /// <param name="statements">Whether PostgreSQL keeps statement statistics (see <see cref="PostgresStatements"/>).</param>
    /// <param name="settings">More AppHost settings (<c>Key=value</c>), after the benchmark's own.</param>
    public static async Task<PlatformUnderTest> StartAsync(bool statements = false, IEnumerable<string>? settings = null)
    {
        var platform = new PlatformUnderTest { _restoreAutogroups = CpuPriority.TurnOffSessionAutogroups() };
        platform.SessionAutogroupsOff = !CpuPriority.SessionAutogroupsOn();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Migration_AppHost>(
        [
            "Infrastructure:Mode=executable",
            $"Infrastructure:StateDirectory={platform._stateDirectory}",
            "Gateway:Port=0",
            "MailCatcher:Port=0",
            "Dovecot:Port=0",
            "MailCatcher:MessagesToKeep=1000",
            // One benchmark client stands for many end users: the per-address and per-token reception limits are lifted.
            "Gateway:ReceptionRateLimit:PerAddressPermitsPerSecond=1000000",
            "Gateway:ReceptionRateLimit:PerAddressBurst=1000000",
            "Benchmark:BaselineEndpoint=true",
            // No dashboard runs here to take telemetry, so the services record none.
            "Telemetry:Export=false",
            $"MIGRATION_ADMIN_KEY={platform._adminKey}",
            .. statements ? [PostgresStatements.PreloadSetting] : Array.Empty<string>(),
            .. settings ?? [],
        ], (options, _) => options.DisableDashboard = true);
        // The services' output and the benchmark's own HTTP calls stay off the console: only warnings and errors show.
        builder.Services.AddLogging(logging => logging
            .AddFilter("Migration.AppHost.Resources", LogLevel.Warning)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
        platform._app = await builder.BuildAsync();
        await platform._app.StartAsync();
        await platform._app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway);
        // The mail catcher stands for the customers' mail servers, which do not share the platform's CPU in production: it
        // runs at the lowest priority, so its work waits for the platform's instead of competing with it. Its CPU still counts.
        CpuPriority.Set(19, "smtp4dev");
        platform.Gateway = platform._app.CreateHttpClient(ResourceNames.Gateway, "http");
        platform.Gateway.Timeout = TimeSpan.FromMinutes(5);
        return platform;
    }

    /// <summary>A client for a service's internal API, calling as <paramref name="callingService"/> with that service's own credential.</summary>
    public async Task<HttpClient> InternalClientAsync(string resource, string callingService)
    {
        var credential = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == ResourceNames.CredentialParameter(callingService));
        var client = _app.CreateHttpClient(resource, "http");
        client.DefaultRequestHeaders.Add(ServiceHeaders.ServiceCredential, await credential.GetValueAsync(default));
        return client;
    }

    /// <summary>A client of the protocol peers' admin API (https, trusting the peers' own certificate only).</summary>
    public HttpClient ProtocolPeersClient()
    {
        var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(Migration.AppHost.Peers.PeerCertificateFiles.In(_stateDirectory).CertificateFile));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(trusted.GetCertHash()),
        };
        return new HttpClient(handler) { BaseAddress = _app.GetEndpoint(ResourceNames.ProtocolPeers, Migration.AppHost.Peers.ProtocolPeers.EndpointName), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await _app.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException(resource);

    public async Task<string> CreateOperatorAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/operators") { Content = JsonContent.Create(new { name = "Bench" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminKey);
        using var response = await Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["apiKey"]!.GetValue<string>();
    }

    /// <summary>The migrations service's process (not its migration step).</summary>
    public static Process MigrationsServiceProcess() => ServiceProcess("Migration.Migrations");

    /// <summary>
    /// A service's process (not its migration step), found by its command line: the one built in this checkout, since
    /// other checkouts on a shared machine may run platforms of their own.
    /// </summary>
    public static Process ServiceProcess(string program)
    {
        var checkout = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..")) + Path.DirectorySeparatorChar;
        return Process.GetProcesses().Single(p =>
        {
            try
            {
                var arguments = File.ReadAllText($"/proc/{p.Id}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
                // The service's own executable (or its dll under dotnet), not the 'dotnet run' wrapper or the migration step.
                return arguments.Take(2).Any(a => a.StartsWith(checkout, StringComparison.Ordinal)
                                                  && (a.EndsWith($"/{program}", StringComparison.Ordinal) || a.EndsWith($"/{program}.dll", StringComparison.Ordinal)))
                       && !arguments.Contains("--migrate");
            }
            catch (IOException)
            {
                return false;
            }
        });
    }

    /// <summary>Peak resident memory of a process since it started (VmHWM), in MiB.</summary>
    public static double PeakMemoryMiB(Process process) =>
        File.ReadLines($"/proc/{process.Id}/status")
            .Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0)
            .Single();

    /// <summary>Resets the process's peak resident memory to its current size (Linux: clear_refs 5) and returns that size.</summary>
    public static double ResetPeakMemoryMiB(Process process)
    {
        File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");
        return ResidentMemoryMiB(process);
    }

    /// <summary>Resident memory of a process now (VmRSS), in MiB.</summary>
    public static double ResidentMemoryMiB(Process process) =>
        File.ReadLines($"/proc/{process.Id}/status")
            .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0)
            .Single();

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_stateDirectory, recursive: true); } catch (IOException) { }
        _restoreAutogroups?.Invoke();
    }
}
