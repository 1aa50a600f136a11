using System.Diagnostics;

namespace Migration.Benchmarks;

/// <summary>CPU scheduling on the benchmark machine: priorities of the platform's processes, and session autogroups.</summary>
public static class CpuPriority
{
    private const string AutogroupSetting = "/proc/sys/kernel/sched_autogroup_enabled";

    /// <summary>
    /// Turns the kernel's session autogroups off for the run and says how to restore them. With them on, the scheduler
    /// shares the CPU between sessions first: every PostgreSQL backend is a session of its own (PostgreSQL calls setsid),
    /// while DCP starts every service and the mail catcher in one, so the whole platform weighs as much as one idle
    /// backend and a nice value only orders processes within a session. Servers run services in cgroups, where autogroups
    /// do not apply. Returns null when the setting cannot be changed here (not root, or no such kernel setting).
    /// </summary>
    public static Action? TurnOffSessionAutogroups()
    {
        try
        {
            if (File.ReadAllText(AutogroupSetting).Trim() != "1")
            {
                return () => { };
            }
            File.WriteAllText(AutogroupSetting, "0");
            var restored = 0;
            void Restore()
            {
                if (Interlocked.Exchange(ref restored, 1) == 0)
                {
                    File.WriteAllText(AutogroupSetting, "1");
                }
            }
            // Also when the run is stopped (SIGTERM): the setting is the machine's, not the benchmark's.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Restore();
            return Restore;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static bool SessionAutogroupsOn() =>
        File.Exists(AutogroupSetting) && File.ReadAllText(AutogroupSetting).Trim() == "1";

    /// <summary>
    /// Sets the nice value of every thread of the processes whose command line names one of <paramref name="programs"/>
    /// (Linux schedules threads, so the process's own value covers only its first thread; threads started later inherit).
    /// </summary>
    public static void Set(int nice, params string[] programs)
    {
        foreach (var process in Programs(programs))
        {
            foreach (var thread in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
            {
                using var renice = Process.Start(new ProcessStartInfo("renice", ["-n", nice.ToString(), "-p", Path.GetFileName(thread)]) { RedirectStandardOutput = true });
                renice?.WaitForExit();
            }
        }
    }

    /// <summary>
    /// Stops (SIGSTOP) or resumes (SIGCONT) the processes of <paramref name="programs"/>: while stopped they use no CPU at
    /// all, as on hosts of their own that are busy elsewhere, and the messages for them wait in RabbitMQ.
    /// </summary>
    public static void Pause(bool paused, params string[] programs)
    {
        foreach (var process in Programs(programs))
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", [paused ? "-STOP" : "-CONT", process.Id.ToString()]) { RedirectStandardOutput = true });
            kill?.WaitForExit();
        }
    }

    /// <summary>The processes whose command line names one of <paramref name="programs"/>.</summary>
    private static IEnumerable<Process> Programs(string[] programs)
    {
        foreach (var process in Process.GetProcesses())
        {
            string commandLine;
            try { commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline"); }
            catch (IOException) { continue; }
            var arguments = commandLine.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            // The program itself, not the 'dotnet run' wrapper or the migration step that share its name.
            if (programs.Any(program => arguments.Take(2).Any(a => a.Contains(program, StringComparison.OrdinalIgnoreCase)))
                && !arguments.Contains("--migrate") && !commandLine.Contains("Migration.Benchmarks", StringComparison.Ordinal))
            {
                yield return process;
            }
        }
    }

    /// <summary>
    /// Puts PostgreSQL on the first core and everything else of the run (the services, RabbitMQ, the mail catcher, DCP and
    /// this program) on the second, as if the database had a host of its own; <paramref name="apart"/> false gives every
    /// process both cores again. New PostgreSQL backends and new threads inherit the setting.
    /// </summary>
    public static void SeparateDatabaseCore(bool apart)
    {
        if (Environment.ProcessorCount < 2)
        {
            return;
        }
        foreach (var process in Process.GetProcesses())
        {
            string commandLine;
            try { commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline"); }
            catch (IOException) { continue; }
            var program = commandLine.Split('\0')[0];
            // The server (exec'd by setpriv) and its backends, which name themselves "postgres: ...".
            var database = program.StartsWith("postgres", StringComparison.Ordinal) || program.EndsWith("/bin/postgres", StringComparison.Ordinal);
            var platform = process.Id == Environment.ProcessId || PlatformPrograms.Any(p => commandLine.Contains(p, StringComparison.OrdinalIgnoreCase));
            if (!database && !platform)
            {
                continue;
            }
            var cores = !apart ? $"0-{Environment.ProcessorCount - 1}" : database ? "0" : "1";
            using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", cores, process.Id.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true });
            taskset?.WaitForExit();
        }
    }

    private static readonly string[] PlatformPrograms = ["Migration.", "smtp4dev", "beam.smp", "erl_child_setup", "epmd", "/dcp", "inet_gethost"];
}
