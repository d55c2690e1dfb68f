using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DualHub.Core.Processes;

/// <summary>
/// <see cref="IChildProcess"/> over <see cref="Process"/>. Lifecycle operations (start, stop, kill, a restart) run one
/// at a time under <see cref="_lifecycle"/>; the fields they share with the exit handler and the readers are guarded by
/// <see cref="_sync"/>.
/// </summary>
internal sealed partial class ChildProcess : IChildProcess
{
    private readonly TimeProvider _time;
    private readonly IChildProcessLog _log;
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private Process? _process;
    private Process? _exitHandled;
    private ChildOutput? _output;
    private ChildProcessState _state = ChildProcessState.Stopped;
    private bool _wanted;
    private int _restarts;

    public ChildProcess(ChildProcessSpec spec, TimeProvider time, ILogger logger)
    {
        Spec = spec;
        _time = time;
        _log = spec.Log ?? new ChildProcessLog(logger, spec.Name);
    }

    public ChildProcessSpec Spec { get; }

    public ChildProcessState State
    {
        get
        {
            lock (_sync)
            {
                return _state;
            }
        }
    }

    public bool IsRunning => Current() is { HasExited: false };

    public int? ProcessId => Current() is { HasExited: false } p ? p.Id : null;

    public int? ExitCode => Current() is { HasExited: true } p ? p.ExitCode : null;

    public int Restarts => Volatile.Read(ref _restarts);

    public async Task StartAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_sync)
            {
                _wanted = true;
            }

            if (!IsRunning)
            {
                await LaunchAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken ct = default)
    {
        var process = Current() ?? throw new InvalidOperationException($"{Spec.Name} was never started");
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        return process.ExitCode;
    }

    private Process? Current()
    {
        lock (_sync)
        {
            return _process;
        }
    }

    /// <summary>Starts a new process; the caller holds <see cref="_lifecycle"/>.</summary>
    private async Task LaunchAsync()
    {
        if (Spec.WorkingDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        var output = _output ??= new ChildOutput(Spec.OutputFile, Spec.OnOutput);
        var process = new Process { StartInfo = StartInfo(), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Write(e.Data);
        process.ErrorDataReceived += (_, e) => output.Write(e.Data);
        process.Exited += (_, _) => OnExited(process);
        try
        {
            await LauncherThread.StartAsync(process).ConfigureAwait(false);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Process? previous;
        lock (_sync)
        {
            previous = _process;
            _process = process;
            _state = ChildProcessState.Starting;
        }

        previous?.Dispose();
        _log.Started(process.Id);
        if (process.HasExited)
        {
            // Exited before it became the current process: its Exited event found the previous one and was ignored.
            OnExited(process);
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var command = new List<string>();
        if (Spec.KillWithParent)
        {
            command.AddRange(ParentDeathSignal.Prefix);
            if (command.Count == 0)
            {
                _log.NoParentDeathSignal();
            }
        }

        command.Add(Spec.FileName);
        command.AddRange(Spec.Arguments);
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Spec.WorkingDirectory ?? string.Empty,
        };
        foreach (var arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        if (Spec.Environment is { } environment)
        {
            foreach (var (name, value) in environment)
            {
                psi.Environment[name] = value;
            }
        }

        return psi;
    }
}
