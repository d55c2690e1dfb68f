using DualHub.Core.Retry;

namespace DualHub.Core.Processes;

/// <summary>
/// What a child process runs and how it is kept: <paramref name="FileName"/> with <paramref name="Arguments"/>, named
/// <paramref name="Name"/> in logs and status tables.
/// </summary>
public sealed record ChildProcessSpec(string Name, string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Working directory, created if missing; null = this process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or replacing) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>File the child's stdout and stderr lines are appended to, kept open across restarts; null = none.</summary>
    public string? OutputFile { get; init; }

    /// <summary>Called with each line the child writes to stdout or stderr; null = none.</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>
    /// The kernel kills the child when this process dies, even by SIGKILL (default true; needs util-linux
    /// <c>setpriv</c>, else a warning is logged and the child is started plainly).
    /// </summary>
    public bool KillWithParent { get; init; } = true;

    /// <summary>
    /// An unexpected exit is followed by a restart after <c>Restart.Delay(restarts - 1)</c>; null = the child stays
    /// stopped (its owner decides).
    /// </summary>
    public Backoff? Restart { get; init; }

    /// <summary>Readiness probe for <see cref="IChildProcess.WaitReadyAsync(TimeSpan, CancellationToken)"/>; null = ready once started.</summary>
    public IReadinessProbe? Readiness { get; init; }

    /// <summary>The lifecycle's log lines; null = the primitive's own, under the factory's logger.</summary>
    public IChildProcessLog? Log { get; init; }

    /// <summary>Pause between readiness probes (default 50 ms).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
