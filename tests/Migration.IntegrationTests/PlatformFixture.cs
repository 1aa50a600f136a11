using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Migration.AppHost.Infrastructure;
using Migration.Contracts;
using Migration.IntegrationTests.Peers;

[assembly: AssemblyFixture(typeof(Migration.IntegrationTests.PlatformFixture))]
// One platform serves the whole assembly, and one test stops RabbitMQ: tests take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Migration.IntegrationTests;

/// <summary>
/// The whole platform, started by the real AppHost in executable mode: real PostgreSQL and RabbitMQ on free ports,
/// with their state in a fresh folder that is removed afterwards.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"migration-tests-{Guid.NewGuid():N}");

    /// <summary>How often the source-access service checks verified mailboxes again here (daily in production).</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(15);

    public string AdminKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The infrastructure's state folder (data, secrets, the broker's Erlang cookie).</summary>
    public string StateDirectory => _stateDirectory;
    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;
    public CapturedLogs Logs { get; } = new();

    /// <summary>The AppHost's real IMAP server.</summary>
    public DovecotPeer Dovecot { get; private set; } = null!;

    /// <summary>The protocol peers (Entra ID, Graph, EWS, Google): their https address and the certificate to trust.</summary>
    public Peers.ProtocolPeersConnection Peers { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Migration_AppHost>(
        [
            "Infrastructure:Mode=executable",
            $"Infrastructure:StateDirectory={_stateDirectory}",
            "Infrastructure:Ephemeral=true",
            "Gateway:Port=0",
            "Peers:Port=0",
            "MailCatcher:Port=0",
            "Dovecot:Port=0",
            // Retention is checked every second here, so that the test of it need not wait an hour.
            "Vault:RetentionCheckInterval=00:00:01",
            "Vault:Retention=30.00:00:00",
            // Reminders a few seconds after an invitation, so that the reminder test need not wait ten minutes; calls
            // at the same moment still fall within it.
            "Reception:MinimumReminderInterval=00:00:03",
            // Two replicas of the source-access service share every check and every source's cap (docs/decisions/0017); a
            // source that cannot be reached is given up on after seconds, and verified mailboxes are checked again every
            // RecheckEvery instead of daily, so that the tests of both need not wait for hours.
            "SourceAccess:Replicas=2",
            "SourceAccess:Retries:MaxRetries=3",
            "SourceAccess:Retries:BaseDelay=00:00:00.500",
            $"SourceAccess:Checks:RecheckEvery={RecheckEvery}",
            // Two replicas of the provisioning service share every job and Graph's write quotas (docs/decisions/0021b); a
            // stopped replica's claims lapse after seconds, so that the restart test need not wait a minute.
            "Provisioning:Replicas=2",
            "Provisioning:Jobs:ClaimDuration=00:00:06",
            "Provisioning:Jobs:RetryFirstDelay=00:00:00.500",
            // Two replicas of the notification service share every email and webhook delivery: each is still sent once.
            "Notification:Replicas=2",
            // Two dashboard replicas behind the AppHost's proxy, which balances each TCP connection (docs/decisions/0024).
            "Dashboard:Replicas=2",
            $"MIGRATION_ADMIN_KEY={AdminKey}",
            // Webhooks: a receiver on the tests' 127.0.0.1 is allowed over plain http, and no other non-public address (so a
            // test shows [::1], 10.x and the like refused); tries come seconds apart instead of minutes.
            "Notification:Webhooks:AllowPlainHttp=true",
            "Notification:Webhooks:AllowedNetworks:0=127.0.0.0/8",
            "Notification:Webhooks:RequestTimeout=00:00:05",
            "Notification:Webhooks:FirstRetryDelay=00:00:00.500",
            "Notification:Webhooks:MaxRetryDelay=00:00:02",
            "Notification:Webhooks:RetryFor=00:02:00",
            "Notification:Webhooks:PollInterval=00:00:00.200",
            "Notification:Webhooks:MaxConcurrency=6",
            "Notification:Webhooks:MaxConcurrencyPerSubscription=2",
            // The tests' loopback connections count as a trusted proxy, so that a test can speak for other client addresses.
            "Gateway:ForwardedHeaders:KnownProxies:0=127.0.0.1",
            "Gateway:ForwardedHeaders:KnownProxies:1=::1",
            // No dashboard runs here to take telemetry, so the services record none.
            "Telemetry:Export=false",
            // Every log line the framework can write, so that the canary tests search the most a service could leak.
            "ServiceLogging:LogLevel:Default=Debug",
            "ServiceLogging:LogLevel:Microsoft.AspNetCore=Debug",
            "ServiceLogging:LogLevel:Microsoft.EntityFrameworkCore=Debug",
            "ServiceLogging:LogLevel:System.Net.Http.HttpClient=Debug",
            "ServiceLogging:LogLevel:Yarp=Debug",
        ], (options, _) => options.DisableDashboard = true, timeout.Token);

        builder.Services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        App = await builder.BuildAsync(timeout.Token);
        try
        {
            await App.StartAsync(timeout.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.ProtocolPeers, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The platform did not start within {StartTimeout}.\n{DescribeResources()}");
        }
        Gateway = App.CreateHttpClient(ResourceNames.Gateway, "http");
        Dovecot = new DovecotPeer(App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<DovecotResource>().Single());
        Peers = new Peers.ProtocolPeersConnection(App.GetEndpoint(ResourceNames.ProtocolPeers, Migration.AppHost.Peers.ProtocolPeers.EndpointName),
            Migration.AppHost.Peers.PeerCertificateFiles.In(_stateDirectory).CertificateFile);
    }

    /// <summary>Each resource's state and health, and the last log lines: what a failed start-up needs to be understood.</summary>
    private string DescribeResources()
    {
        var report = new System.Text.StringBuilder();
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            var snapshot = App.ResourceNotifications.TryGetCurrentState(resource.Name, out var current) ? current.Snapshot : null;
            report.AppendLine($"  {resource.Name}: {snapshot?.State?.Text ?? "unknown"}, health {snapshot?.HealthStatus?.ToString() ?? "none"}, exit code {snapshot?.ExitCode?.ToString() ?? "none"}");
        }
        report.AppendLine("Last log lines:");
        foreach (var line in Logs.Lines.TakeLast(60))
        {
            report.AppendLine($"  {line}");
        }
        return report.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing its files; the temp folder is cleaned by the system.
        }
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>A client for a service's internal API, calling as <paramref name="callingService"/> with that service's own credential.</summary>
    public async Task<HttpClient> InternalClientAsync(string resource, string callingService)
    {
        var client = App.CreateHttpClient(resource, "http");
        client.DefaultRequestHeaders.Add(ServiceHeaders.ServiceCredential, await CredentialOfAsync(callingService));
        return client;
    }

    /// <summary>A service's own credential, from its secret parameter in the AppHost.</summary>
    public Task<string> CredentialOfAsync(string service) => ParameterValueAsync(ResourceNames.CredentialParameter(service));

    public async Task<string> ParameterValueAsync(string name)
    {
        var parameter = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == name);
        return (await parameter.GetValueAsync(default))!;
    }

    public async Task<Npgsql.NpgsqlConnection> OpenDatabaseAsync(string database)
    {
        var connection = new Npgsql.NpgsqlConnection(await ConnectionStringAsync(database));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public async Task StopAsync(string resource, CancellationToken cancellationToken)
    {
        // The stop command gives up after DCP's own short wait, while a resource may take longer to end on a loaded
        // machine; DCP has still been told to stop it, so its end is what counts.
        await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        await WaitUntilEndedAsync(resource, instances: 1, cancellationToken);
    }

    public async Task StartAsync(string resource, CancellationToken cancellationToken)
    {
        await ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
    }

    /// <summary>Stops every replica of a service (as the dashboard's Stop does) and waits until each has ended.</summary>
    public async Task StopReplicasAsync(string service, int replicas, CancellationToken cancellationToken)
    {
        // As in StopAsync: a stop that outlasts DCP's wait still ends the replicas, which the wait below sees.
        var resource = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == service);
        await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        await WaitUntilEndedAsync(service, replicas, cancellationToken);
    }

    private static bool Ended(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state
        && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart);

    /// <summary>
    /// Waits for a stopped resource's instances to end. One still running after <see cref="StopGrace"/> is killed, as
    /// Kubernetes kills a pod its grace period after SIGTERM; its state and last log lines are kept beside the test results
    /// (<c>slow-stop-*.log</c>), because a stop that hangs is a finding of its own, which the test at hand is not about.
    /// </summary>
    private async Task WaitUntilEndedAsync(string resource, int instances, CancellationToken cancellationToken)
    {
        var snapshots = new Dictionary<string, CustomResourceSnapshot>();
        using (var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            grace.CancelAfter(StopGrace);
            try
            {
                await foreach (var update in App.ResourceNotifications.WatchAsync(grace.Token))
                {
                    if (update.Resource.Name != resource && update.ResourceId != resource)
                    {
                        continue;
                    }
                    snapshots[update.ResourceId] = update.Snapshot;
                    if (snapshots.Count >= instances && snapshots.Values.All(Ended))
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
        foreach (var (id, snapshot) in snapshots.Where(s => !Ended(s.Value)))
        {
            var pid = PidOf(snapshot);
            await RecordSlowStopAsync(id, snapshot, pid, cancellationToken);
            if (pid is not null)
            {
                Kill(pid.Value);
            }
        }
        await WaitForReplicasAsync(resource, instances, Ended, cancellationToken);
    }

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    /// <summary>The process DCP started for a resource instance, when it reports one.</summary>
    private static int? PidOf(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }

    /// <summary>Whether the process is still there and, if so, its threads by name: a thread that is not a background one keeps a process alive after its host has stopped.</summary>
    private static string ProcessState(int? pid)
    {
        if (pid is null)
        {
            return "no pid known";
        }
        try
        {
            var folder = $"/proc/{pid}";
            if (!Directory.Exists(folder))
            {
                return $"process {pid} has already ended (the orchestrator had not yet seen it)";
            }
            var state = File.ReadLines($"{folder}/status").FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal));
            var threads = Directory.GetDirectories($"{folder}/task")
                .Select(task => { try { return File.ReadAllText($"{task}/comm").Trim(); } catch (IOException) { return "?"; } })
                .GroupBy(name => name).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}");
            return $"process {pid} still running ({state}); threads: {string.Join(", ", threads)}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"process {pid}: {ex.GetType().Name}";
        }
    }

    private async Task RecordSlowStopAsync(string id, CustomResourceSnapshot snapshot, int? pid, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(id).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        var record = $"{id} was still {snapshot.State?.Text} {StopGrace.TotalSeconds} s after its stop, in {TestContext.Current.Test?.TestDisplayName}; killed. "
                     + ProcessState(pid) + ". Its last log lines:"
                     + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(80));
        await File.WriteAllTextAsync(Browser.ArtifactPath($"slow-stop-{id}-{DateTime.UtcNow:HHmmss}.log"), record, CancellationToken.None);
        TestContext.Current.TestOutputHelper?.WriteLine(record);
    }

    /// <summary>Starts every replica of a service again and waits until each is running and healthy.</summary>
    public async Task StartReplicasAsync(string service, int replicas, CancellationToken cancellationToken)
    {
        await ExecuteOnEveryReplicaAsync(service, KnownResourceCommands.StartCommand, cancellationToken);
        await WaitForReplicasAsync(service, replicas,
            s => s.State?.Text == KnownResourceStates.Running && s.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, cancellationToken);
    }

    private async Task ExecuteOnEveryReplicaAsync(string service, string command, CancellationToken cancellationToken)
    {
        var resource = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == service);
        var result = await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {service} failed: {result.Message}");
        }
    }

    /// <summary>
    /// Ends one replica of a service as a crash or a killed pod would (SIGKILL to its process), and waits until the
    /// orchestrator has seen it end. Used where a test needs the replica gone, not its graceful shutdown.
    /// </summary>
    public async Task KillReplicaAsync(string replicaId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var killed = false;
        await foreach (var update in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.ResourceId != replicaId)
            {
                continue;
            }
            if (Ended(update.Snapshot))
            {
                if (killed)
                {
                    return;
                }
                throw new InvalidOperationException($"{replicaId} had already ended");
            }
            if (!killed && PidOf(update.Snapshot) is { } pid)
            {
                Kill(pid);
                killed = true;
            }
        }
    }

    /// <summary>Starts a stopped replica again and waits until all the service's replicas are running and healthy.</summary>
    public async Task StartReplicaAsync(string service, string replicaId, int replicas, CancellationToken cancellationToken)
    {
        await ExecuteCommandAsync(replicaId, KnownResourceCommands.StartCommand, cancellationToken);
        await WaitForReplicasAsync(service, replicas,
            s => s.State?.Text == KnownResourceStates.Running && s.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, cancellationToken);
    }

    /// <summary>Each running replica of a service, by its resource id (the service's name and a suffix), and its log so far.</summary>
    public async Task<Dictionary<string, List<string>>> ReplicaLogsAsync(string service, int replicas, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await foreach (var update in App.ResourceNotifications.WatchAsync(timeout.Token))
            {
                if (update.Resource.Name == service && ids.Add(update.ResourceId) && ids.Count == replicas)
                {
                    break;
                }
            }
        }
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        var result = new Dictionary<string, List<string>>();
        foreach (var id in ids)
        {
            var lines = result[id] = [];
            await foreach (var batch in logs.GetAllAsync(id).WithCancellation(cancellationToken))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        return result;
    }

    private async Task WaitForReplicasAsync(string service, int replicas, Func<CustomResourceSnapshot, bool> reached, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var snapshots = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var update in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name != service)
            {
                continue;
            }
            snapshots[update.ResourceId] = update.Snapshot;
            if (snapshots.Count >= replicas && snapshots.Values.All(reached))
            {
                return;
            }
        }
    }

    /// <summary>Runs a resource command (as the dashboard would); throws when it fails.</summary>
    public async Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command, CancellationToken cancellationToken)
    {
        var result = await App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resource} failed: {result.Message}");
        }
        return result;
    }

    /// <summary>Publishes events on the real broker as another service of the platform would, each with the given message id.</summary>
    public async Task PublishAsync<T>(IEnumerable<(Guid MessageId, T Message)> messages) where T : class
    {
        var broker = new Uri(await ConnectionStringAsync(ResourceNames.RabbitMq));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(broker));
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await Task.WhenAll(messages.Select(m => bus.Publish(m.Message, context => context.MessageId = m.MessageId, TestContext.Current.CancellationToken)));
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }
    }
}
