namespace Migration.Benchmarks;

/// <summary>CPU time of every process on the machine, by program, from /proc: what one request costs the whole system.</summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>
    /// CPU seconds by program. With <paramref name="descendantsOf"/>, only that process's descendants count (the platform
    /// this benchmark started), so that other work on the machine (another checkout's tests) stays out of the figures.
    /// </summary>
    public static Dictionary<string, double> Snapshot(int? descendantsOf = null)
    {
        var seconds = new Dictionary<string, double>();
        var stats = new Dictionary<int, (string Folder, string Stat, string[] Fields)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                stats[pid] = (folder, stat, stat[(stat.LastIndexOf(')') + 2)..].Split(' '));
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        foreach (var (pid, (folder, stat, fields)) in stats)
        {
            if (descendantsOf is { } root && !DescendsFrom(pid, root, stats))
            {
                continue;
            }
            try
            {
                // Within the platform, reaped children count too: Dovecot forks a process per login.
                var reaped = descendantsOf is null ? 0 : long.Parse(fields[13]) + long.Parse(fields[14]);
                var cpu = (long.Parse(fields[11]) + long.Parse(fields[12]) + reaped) / TicksPerSecond;
                var name = Name(File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0'), stat);
                seconds[name] = seconds.GetValueOrDefault(name) + cpu;
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return seconds;
    }

    /// <summary>
    /// The process under which this program's platform runs: Aspire's orchestrator (DCP) detaches from the program that
    /// starts it and names that program's id after <c>--monitor</c>.
    /// </summary>
    public static int PlatformRoot()
    {
        var monitor = $"--monitor\0{Environment.ProcessId}\0";
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline"));
                if (commandLine.Contains("start-apiserver", StringComparison.Ordinal) && commandLine.Contains(monitor, StringComparison.Ordinal)
                    && int.TryParse(Path.GetFileName(folder), out var pid))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException("The platform's orchestrator process was not found.");
    }

    private static bool DescendsFrom(int pid, int root, Dictionary<int, (string Folder, string Stat, string[] Fields)> stats)
    {
        for (var hops = 0; hops < 64 && stats.TryGetValue(pid, out var process); hops++)
        {
            var parent = int.Parse(process.Fields[1]);
            if (parent == root)
            {
                return true;
            }
            pid = parent;
        }
        return false;
    }

    /// <summary>
    /// Waits until the machine is quiet again (under a tenth of a core busy for two seconds running): the events the
    /// requests caused have then been handled. Returns how long that took.
    /// </summary>
    public static async Task<TimeSpan> WaitForQuietAsync(TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var quietSeconds = 0;
        var busy = BusyTicks();
        while (quietSeconds < 2 && started.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = BusyTicks();
            quietSeconds = now - busy < TicksPerSecond / 10 ? quietSeconds + 1 : 0;
            busy = now;
        }
        return started.Elapsed - TimeSpan.FromSeconds(quietSeconds);
    }

    private static long BusyTicks() => MachineTicks().Busy;

    /// <summary>CPU ticks of all cores since boot: busy (user, nice, system, irq, softirq, steal), of which at a lowered priority (nice), and all.</summary>
    public static (long Busy, long Niced, long All) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i])), long.Parse(fields[2]), Enumerable.Range(1, 8).Sum(i => long.Parse(fields[i])));
    }

    /// <summary>How busy the machine's cores were between two <see cref="MachineTicks"/> readings, in percent, and how much of it at a lowered priority.</summary>
    public static string Busy((long Busy, long Niced, long All) before, (long Busy, long Niced, long All) after)
    {
        var all = Math.Max(1, after.All - before.All);
        return $"{100.0 * (after.Busy - before.Busy) / all:F0}% ({100.0 * (after.Niced - before.Niced) / all:F0}%)";
    }

    /// <summary>Milliseconds of CPU per request for each program that used any, most first.</summary>
    public static string PerRequest(Dictionary<string, double> before, Dictionary<string, double> after, int requests) =>
        string.Join(", ", after
            .Select(p => (p.Key, Ms: (p.Value - before.GetValueOrDefault(p.Key)) * 1000 / requests))
            .Where(p => p.Ms >= 0.05)
            .OrderByDescending(p => p.Ms)
            .Select(p => $"{p.Key} {p.Ms:F2}"));

    private static string Name(string[] commandLine, string stat)
    {
        var program = commandLine.FirstOrDefault(a => a.Contains("Migration.", StringComparison.Ordinal) || a.Contains("Smtp4dev", StringComparison.OrdinalIgnoreCase))
                      ?? commandLine[0];
        if (program.StartsWith("postgres", StringComparison.Ordinal))
        {
            return "postgres";
        }
        var name = Path.GetFileName(program);
        return string.IsNullOrEmpty(name) ? stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')] : name.Replace(".dll", "");
    }
}
