using System.ComponentModel;
using System.Diagnostics;

namespace DualHub.Core.Processes;

internal sealed partial class ChildProcess
{
    private void OnExited(Process process)
    {
        TimeSpan delay;
        int code;
        lock (_sync)
        {
            if (!ReferenceEquals(process, _process) || ReferenceEquals(process, _exitHandled))
            {
                return;
            }

            _exitHandled = process;
            code = process.ExitCode;
            if (!_wanted)
            {
                return; // stopped or killed on purpose: StopAsync or KillAsync sets the state
            }

            if (Spec.Restart is null)
            {
                _state = ChildProcessState.Stopped;
                _log.Exited(code);
                return;
            }

            delay = NextRestartDelay();
        }

        _log.ExitedRestarting(code, delay);
        _ = RestartLaterAsync(process, delay);
    }

    /// <summary>Counts a restart and returns its backoff delay; the caller holds <see cref="_sync"/>.</summary>
    private TimeSpan NextRestartDelay()
    {
        var attempt = Interlocked.Increment(ref _restarts);
        _state = ChildProcessState.Restarting;
        return Spec.Restart!.Delay(attempt - 1);
    }

    private async Task RestartLaterAsync(Process exited, TimeSpan delay)
    {
        var token = _disposed.Token;
        try
        {
            await Task.Delay(delay, _time, token).ConfigureAwait(false);
            await _lifecycle.WaitAsync(token).ConfigureAwait(false);
            try
            {
                bool due;
                lock (_sync)
                {
                    due = _wanted && ReferenceEquals(exited, _process);
                }

                if (due)
                {
                    await LaunchAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _lifecycle.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed while waiting: nothing to restart.
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            TimeSpan next;
            lock (_sync)
            {
                next = NextRestartDelay();
            }

            _log.RestartFailed(ex, next);
            _ = RestartLaterAsync(exited, next);
        }
    }
}
