using System.Globalization;

namespace DualHub.Testing;

/// <summary>
/// Runs work on a thread of its own and measures the CPU time that thread used. A limit on CPU time holds on a loaded
/// machine where a wall-clock deadline does not (on two busy cores a thread may wait several times its CPU time).
/// </summary>
public static class ThreadCpu
{
    /// <summary>
    /// Runs <paramref name="work"/> on a new thread; returns its CPU time (user + system), or null when it has not
    /// finished within <paramref name="hang"/> of wall time (a hang, whatever the load).
    /// </summary>
    public static TimeSpan? Measure(Action work, TimeSpan hang)
    {
        TimeSpan used = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            var start = Current();
            try
            {
                work();
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            used = Current() - start;
        }) { IsBackground = true, Name = "ThreadCpu" };
        thread.Start();
        if (!thread.Join(hang))
        {
            return null;
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return used;
    }

    /// <summary>utime + stime of the calling thread, from /proc/thread-self/stat (clock ticks of 10 ms).</summary>
    private static TimeSpan Current()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
