using System.Diagnostics;

namespace DualHub.Core.Processes;

internal sealed partial class ChildProcess
{
    public Task StopAsync(TimeSpan grace, CancellationToken ct = default) => EndAsync(p => TerminateAsync(p, grace, ct), ct);

    public Task KillAsync(CancellationToken ct = default) => EndAsync(p => KillTreeAsync(p, ct), ct);

    public bool Pause() => Signal(ProcessSignal.Stop, ChildProcessState.Paused);

    public bool Unpause() => Signal(ProcessSignal.Cont, ChildProcessState.Running);

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        lock (_sync)
        {
            _process?.Dispose();
            _process = null;
            _output?.Dispose();
            _output = null;
        }
    }

    /// <summary>No restart from now on; ends the current process with <paramref name="end"/> if it runs.</summary>
    private async Task EndAsync(Func<Process, Task> end, CancellationToken ct)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Process? process;
            lock (_sync)
            {
                _wanted = false;
                process = _process;
            }

            if (process is { HasExited: false })
            {
                await end(process).ConfigureAwait(false);
                _log.Stopped(process.ExitCode);
            }

            lock (_sync)
            {
                _state = ChildProcessState.Stopped;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task TerminateAsync(Process process, TimeSpan grace, CancellationToken ct)
    {
        ProcessSignal.Send(process.Id, ProcessSignal.Cont); // a paused child cannot handle SIGTERM
        ProcessSignal.Send(process.Id, ProcessSignal.Term);
        using var deadline = new CancellationTokenSource(grace, _time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _log.StopTimedOut(grace);
            await KillTreeAsync(process, ct).ConfigureAwait(false);
        }
    }

    private static async Task KillTreeAsync(Process process, CancellationToken ct)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
    }

    private bool Signal(int signal, ChildProcessState state)
    {
        lock (_sync)
        {
            if (_process is not { HasExited: false } p || !ProcessSignal.Send(p.Id, signal))
            {
                return false;
            }

            _state = state;
            return true;
        }
    }
}
