using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Migration.AppHost.Infrastructure;

/// <summary>
/// A real IMAP server (Dovecot, the machine's binary) for local runs and tests: plain IMAP on a loopback port, users in
/// <see cref="PasswdFile"/>, every login and failed authentication in <see cref="LogFile"/>.
/// </summary>
public sealed class DovecotResource(string name, string command, string workingDirectory, int port, string root)
    : ExecutableResource(name, command, workingDirectory)
{
    public const string EndpointName = "imap";
    public int Port { get; } = port;
    public string PasswdFile { get; } = Path.Combine(root, "users.passwd");
    public string LogFile { get; } = Path.Combine(root, "dovecot.log");
}

public static class DovecotExecutable
{
    public const string ServiceUser = "dovecot";
    public const int DefaultPort = 10143;
    private const string Binary = "/usr/sbin/dovecot";

    /// <summary>
    /// Writes the configuration (and, the first time, the demo users) into the state folder and starts Dovecot's master
    /// in the foreground. As root it runs as the dovecot user through <c>setpriv</c> (which execs, so Aspire stops the real
    /// process). <c>Dovecot:Port</c> chooses the port (0: a free one).
    /// </summary>
    public static IResourceBuilder<DovecotResource> AddDovecot(this IDistributedApplicationBuilder builder, string name, StateDirectory state)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: run ./run.sh, which installs dovecot-imapd.");
        }
        var configured = builder.Configuration.GetValue<int?>("Dovecot:Port") ?? DefaultPort;
        var port = configured == 0 ? StateDirectory.FreeTcpPort() : configured;
        var root = state.Combine("dovecot");
        var (command, prefix) = AsServiceUser();
        var resource = new DovecotResource(name, command, root, port, root);
        var configFile = Path.Combine(root, "dovecot.conf");
        if (builder.ExecutionContext.IsRunMode)
        {
            Prepare(root, configFile, resource);
        }

        var healthCheckKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new PollingHealthCheck(ct => GreetsAsync(port, ct)), null, null));
        return builder.AddResource(resource)
            .WithArgs([.. prefix, "-F", "-c", configFile])
            .WithEndpoint(DovecotResource.EndpointName, endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "imap";
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static void Prepare(string root, string configFile, DovecotResource resource)
    {
        StateDirectory.CreateTraversable(root);
        foreach (var folder in new[] { "run", "state", "home" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }
        if (!File.Exists(resource.PasswdFile))
        {
            DovecotUsers.Write(resource.PasswdFile, DovecotUsers.Demo);
        }
        File.WriteAllText(configFile, Configuration(root, resource));
        if (Environment.UserName == "root")
        {
            using var chown = System.Diagnostics.Process.Start("chown", ["-R", $"{ServiceUser}:{ServiceUser}", root]);
            chown.WaitForExit();
        }
    }

    private static string Configuration(string root, DovecotResource resource)
    {
        var user = Environment.UserName == "root" ? ServiceUser : Environment.UserName;
        return $$"""
            # Written by the AppHost at every start (AppHost/Infrastructure/DovecotExecutable.cs); edits are lost.
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{resource.LogFile}}
            # Sub-second timestamps, so that a test can order logins and logouts (DovecotPeer reads this file).
            log_timestamp = "%Y-%m-%dT%H:%M:%S.%{usecs} "
            # One "Password mismatch" or "unknown user" line per failed authentication, naming the user.
            auth_verbose = yes
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            # Several mechanisms, as real servers offer: a client that tries each one would show as several failures.
            auth_mechanisms = plain login
            # No added wait after a failure (default 2 s): tests make many on purpose.
            auth_failure_delay = 0
            first_valid_uid = 100
            default_internal_user = {{user}}
            default_login_user = {{user}}
            mail_location = maildir:~/Maildir
            mail_max_userip_connections = 1000
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{resource.PasswdFile}}
            }
            userdb {
              driver = static
              args = uid={{user}} gid={{user}} home={{root}}/home/%u
            }
            service imap-login {
              chroot =
              # One long-lived login process serves many connections: ~310 logins/s here instead of ~130.
              service_count = 0
              inet_listener imap {
                address = 127.0.0.1
                port = {{resource.Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
              # Dovecot delays logins from an address that just failed (2-15 s); every check here comes from 127.0.0.1.
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }

            """;
    }

    private static (string Command, string[] Prefix) AsServiceUser() =>
        Environment.UserName == "root"
            ? ("setpriv", [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", Binary])
            : (Binary, []);

    private static async Task<bool> GreetsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        using var reader = new StreamReader(client.GetStream());
        var greeting = await reader.ReadLineAsync(timeout.Token);
        return greeting?.StartsWith("* OK", StringComparison.Ordinal) == true;
    }
}
