namespace DualHub.Core.Processes;

internal sealed partial class ChildProcess
{
    public Task<ReadinessResult> WaitReadyAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (Spec.Readiness is { } probe)
        {
            return WaitReadyAsync(probe, timeout, ct);
        }

        MarkRunning();
        return Task.FromResult(new ReadinessResult(ReadinessOutcome.Ready, TimeSpan.Zero, null, null));
    }

    public async Task<ReadinessResult> WaitReadyAsync(IReadinessProbe probe, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var start = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        string? last = null;
        try
        {
            while (true)
            {
                if (GoneForGood(out var exitCode))
                {
                    return new ReadinessResult(ReadinessOutcome.NotRunning, _time.GetElapsedTime(start), last, exitCode);
                }

                var result = await probe.ProbeAsync(cts.Token).ConfigureAwait(false);
                if (result.Ready)
                {
                    MarkRunning();
                    return new ReadinessResult(ReadinessOutcome.Ready, _time.GetElapsedTime(start), null, null);
                }

                last = result.Detail;
                await Task.Delay(Spec.ProbeInterval, _time, cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ReadinessResult(ReadinessOutcome.TimedOut, _time.GetElapsedTime(start), last, null);
        }
    }

    /// <summary>Never started, or exited with no restart to come (a restarting child may still become ready).</summary>
    private bool GoneForGood(out int? exitCode)
    {
        lock (_sync)
        {
            exitCode = _process is { HasExited: true } p ? p.ExitCode : null;
            return _process is null || (exitCode is not null && (Spec.Restart is null || !_wanted));
        }
    }

    private void MarkRunning()
    {
        lock (_sync)
        {
            if (_state is ChildProcessState.Starting or ChildProcessState.Restarting)
            {
                _state = ChildProcessState.Running;
            }
        }
    }
}
