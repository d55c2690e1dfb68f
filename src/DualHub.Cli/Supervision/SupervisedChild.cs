using DualHub.Core.Processes;

namespace DualHub.Cli.Supervision;

/// <summary>
/// One child of <c>dualhub up</c>: what it is (<see cref="Spec"/>: name and kind for the status table, its health URL)
/// and the process that runs it. Drills kill, pause and restart it through <see cref="Process"/>; a killed or stopped
/// child is not restarted until it is started again.
/// </summary>
internal sealed class SupervisedChild(ChildSpec spec, IChildProcess process)
{
    public ChildSpec Spec { get; } = spec;

    public IChildProcess Process { get; } = process;

    /// <summary>Where its stdout and stderr are appended: <c>&lt;dir&gt;/log</c>.</summary>
    public string LogPath => Process.Spec.OutputFile!;

    /// <summary>Polls the child's health URL until it answers 2xx; returns the time it took, or null on timeout.</summary>
    public async Task<TimeSpan?> WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var result = await Process.WaitReadyAsync(timeout, ct);
        return result.IsReady ? result.Elapsed : null;
    }
}
