using Migration.AppHost.Infrastructure;

namespace Migration.AppHost;

/// <summary>smtp4dev, the local mail catcher: its SMTP port takes the platform's emails, its web UI shows them to people and tests.</summary>
public static class MailCatcher
{
    public const int DefaultWebPort = 5081;

    public static (IResourceBuilder<ExecutableResource> Resource, int SmtpPort) AddMailCatcher(this IDistributedApplicationBuilder builder, string name)
    {
        var configured = builder.Configuration.GetValue<int?>("MailCatcher:Port") ?? DefaultWebPort;
        var webPort = configured == 0 ? StateDirectory.FreeTcpPort() : configured;
        var smtpPort = StateDirectory.FreeTcpPort();
        // Everything a local run or a test sends stays readable; the benchmark, which sends tens of thousands, keeps fewer,
        // because smtp4dev's cost per message grows with the number it keeps.
        var messagesToKeep = builder.Configuration.GetValue<int?>("MailCatcher:MessagesToKeep") ?? 100_000;
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var resource = builder.AddExecutable(name, "dotnet", repositoryRoot,
                "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{webPort}", $"--smtpport={smtpPort}", "--bindaddress=127.0.0.1",
                "--db=", $"--messagestokeep={messagesToKeep}", "--imapport=0", "--pop3port=0")
            .WithHttpEndpoint(port: webPort, targetPort: webPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/api/messages");
        return (resource, smtpPort);
    }

    public static IResourceBuilder<T> WithSmtp<T>(this IResourceBuilder<T> resource, IResourceBuilder<ExecutableResource> mailCatcher, int smtpPort)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport =>
        resource.WithEnvironment("Smtp__Host", "127.0.0.1").WithEnvironment("Smtp__Port", smtpPort.ToString()).WaitFor(mailCatcher);
}
