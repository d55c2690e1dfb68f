using System.Collections.Concurrent;
using System.Diagnostics;

namespace DualHub.Core.Processes;

/// <summary>
/// Starts child processes from one background thread that lives as long as this process. A parent-death signal
/// (PR_SET_PDEATHSIG, see <see cref="ParentDeathSignal"/>) fires when the thread that forked the child exits, not the
/// process, and .NET forks on the calling thread: a thread-pool thread that retires when idle would kill the child.
/// </summary>
internal static class LauncherThread
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> s_queue = [];

    static LauncherThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "dualhub process launcher" };
        thread.Start();
    }

    /// <summary>Calls <see cref="Process.Start()"/> on the launcher thread; completes once the process runs or failed to start.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s_queue.Add((process, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (process, started) in s_queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
