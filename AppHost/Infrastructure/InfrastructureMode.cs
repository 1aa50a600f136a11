using System.Diagnostics;

namespace Migration.AppHost.Infrastructure;

public enum InfrastructureMode { Auto, Container, Executable }

public static class InfrastructureModes
{
    public const string ConfigKey = "Infrastructure:Mode";

    /// <summary><c>auto</c> uses containers only where a container engine answers; the docker client alone is not enough.</summary>
    public static InfrastructureMode Resolve(IConfiguration configuration)
    {
        var configured = configuration[ConfigKey];
        var mode = string.IsNullOrWhiteSpace(configured)
            ? InfrastructureMode.Auto
            : Enum.Parse<InfrastructureMode>(configured, ignoreCase: true);
        return mode == InfrastructureMode.Auto
            ? (ContainerEngineAnswers() ? InfrastructureMode.Container : InfrastructureMode.Executable)
            : mode;
    }

    private static bool ContainerEngineAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null)
            {
                return false;
            }
            if (!docker.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
