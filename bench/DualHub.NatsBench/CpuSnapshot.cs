using System.Diagnostics;
using System.Globalization;
using DualHub.Nats.Supervision;

namespace DualHub.NatsBench;

/// <summary>CPU time of this process, of each nats-server and of the whole machine (/proc), to see who used the 2 cores.</summary>
internal sealed record CpuSnapshot(long At, double BenchMs, IReadOnlyDictionary<string, double> ServerMs, double MachineBusyMs, double MachineTotalMs, IReadOnlyDictionary<string, double> ServerWaitMs, IReadOnlyDictionary<string, (string Name, double CpuMs, double WaitMs)> Threads)
{
    private const double TickMs = 10; // USER_HZ = 100

    public static CpuSnapshot Take(INatsDeployment d)
    {
        var servers = new Dictionary<string, double>(StringComparer.Ordinal);
        var waits = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, s) in d.Servers)
        {
            servers[name] = s.ProcessId is { } pid ? ProcessTicks(pid) * TickMs : 0;
            waits[name] = s.ProcessId is { } p ? RunQueueWaitMs(p) : 0;
        }

        var (busy, total) = MachineTicks();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, servers, busy * TickMs, total * TickMs, waits, ReadThreads(Environment.ProcessId));
    }

    public (string Summary, string Detail) Since(CpuSnapshot before)
    {
        var wall = Stopwatch.GetElapsedTime(before.At, At).TotalMilliseconds;
        var ours = BenchMs - before.BenchMs + ServerMs.Sum(kv => kv.Value - before.ServerMs[kv.Key]);
        var others = Math.Max(0, MachineBusyMs - before.MachineBusyMs - ours) / Math.Max(1, MachineTotalMs - before.MachineTotalMs) * 100;
        // Threads that exited between the snapshots take their wait with them: count only threads alive at both ends.
        var benchWait = Threads.Where(t => before.Threads.ContainsKey(t.Key)).Sum(t => t.Value.WaitMs - before.Threads[t.Key].WaitMs);
        var wait = benchWait + ServerWaitMs.Sum(kv => Math.Max(0, kv.Value - before.ServerWaitMs[kv.Key]));
        var servers = ServerMs.Select(kv => FormattableString.Invariant($"{kv.Key} {(kv.Value - before.ServerMs[kv.Key]) / wall * 100:0}%"));
        var machine = (MachineBusyMs - before.MachineBusyMs) / Math.Max(1, MachineTotalMs - before.MachineTotalMs) * 100;
        var threads = Threads.Where(t => before.Threads.ContainsKey(t.Key))
            .Select(t => (t.Value.Name, Cpu: t.Value.CpuMs - before.Threads[t.Key].CpuMs, Wait: t.Value.WaitMs - before.Threads[t.Key].WaitMs))
            .GroupBy(t => t.Name).Select(g => (Name: g.Key, Count: g.Count(), Cpu: g.Sum(t => t.Cpu), Wait: g.Sum(t => t.Wait)))
            .Where(g => g.Cpu > 0 || g.Wait > 1).OrderByDescending(g => g.Cpu).Take(6)
            .Select(g => FormattableString.Invariant($"{g.Name} x{g.Count} {g.Cpu / wall * 100:0}% wait {g.Wait / wall * 1000:0}"));
        var summary = FormattableString.Invariant($"machine busy {machine:0}%, other processes {others:0}%, run-queue wait {wait / wall * 1000:0} ms/s");
        var detail = FormattableString.Invariant($"bench threads [{string.Join("; ", threads)}] ms/s; bench {(BenchMs - before.BenchMs) / wall * 100:0}%, {string.Join(", ", servers)}; machine busy {machine:0}% of {Environment.ProcessorCount} cores, other processes {others:0}%; run-queue wait of bench+servers {wait / wall * 1000:0} ms per s");
        return (summary, detail);
    }

    /// <summary>utime + stime of a process in clock ticks (0 when it is gone).</summary>
    public static long ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Busy and total clock ticks of all cores.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = cpu.Take(8).Sum();
        var idle = cpu[3] + cpu[4];
        return (total - idle, total);
    }

    private static Dictionary<string, (string Name, double CpuMs, double WaitMs)> ReadThreads(int pid)
    {
        var result = new Dictionary<string, (string, double, double)>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * TickMs;
                var wait = long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[1], CultureInfo.InvariantCulture) / 1e6;
                result[Path.GetFileName(task)] = (File.ReadAllText(Path.Combine(task, "comm")).Trim(), cpu, wait);
            }
            catch (IOException)
            {
            }
        }

        return result;
    }

    // Time the process's threads spent runnable but waiting for a core (/proc/<pid>/task/*/schedstat, field 2, ns).
    private static double RunQueueWaitMs(int pid)
    {
        double sum = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var f = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                    sum += long.Parse(f[1], CultureInfo.InvariantCulture) / 1e6;
                }
                catch (IOException)
                {
                }
            }
        }
        catch (IOException)
        {
        }

        return sum;
    }
}
