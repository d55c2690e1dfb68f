using System.Diagnostics;
using System.Globalization;
using DualHub.Nats.Supervision;
using Microsoft.Extensions.Logging;

namespace DualHub.Cli.Supervision;

/// <summary>
/// One child process of <c>dualhub up</c>: started from this CLI, restarted with capped backoff when it dies
/// unexpectedly, its output appended to <c>&lt;dir&gt;/log</c>, stopped with SIGTERM then SIGKILL.
/// Drills use <see cref="Kill"/>, <see cref="Pause"/> and <see cref="Resume"/>; a killed child is not restarted
/// until <see cref="StartAsync"/> is called again.
/// </summary>
internal sealed partial class SupervisedChild : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Process? _process;
    private StreamWriter? _log;
    private bool _wanted;
    private int _restarts;

    public SupervisedChild(ChildSpec spec, TimeProvider time, ILogger logger)
    {
        Spec = spec;
        _time = time;
        _logger = logger;
    }

    public ChildSpec Spec { get; }

    public ChildState State { get; private set; } = ChildState.Stopped;

    public int? Pid
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } p ? p.Id : null;
            }
        }
    }

    public int Restarts => _restarts;

    public string LogPath => Path.Combine(Spec.Directory, "log");

    public Task StartAsync()
    {
        lock (_gate)
        {
            _wanted = true;
            if (_process is { HasExited: false })
            {
                return Task.CompletedTask;
            }

            Launch();
        }

        return Task.CompletedTask;
    }

    /// <summary>SIGKILL, no restart: the crash of a drill.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _wanted = false;
            if (_process is { HasExited: false } p)
            {
                Signal(p.Id, ProcessSignal.Kill);
                p.WaitForExit(5000);
            }

            State = ChildState.Stopped;
        }
    }

    /// <summary>SIGSTOP: the process keeps its sockets but never answers (a hung hub).</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } p)
            {
                Signal(p.Id, ProcessSignal.Stop);
                State = ChildState.Paused;
            }
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } p)
            {
                Signal(p.Id, ProcessSignal.Cont);
                State = ChildState.Running;
            }
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Process? p;
        lock (_gate)
        {
            _wanted = false;
            p = _process;
        }

        if (p is { HasExited: false })
        {
            Signal(p.Id, ProcessSignal.Cont);
            Signal(p.Id, ProcessSignal.Term);
            using var cts = new CancellationTokenSource(grace);
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Log.StopTimedOut(_logger, Spec.Name, grace.TotalSeconds);
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(CancellationToken.None);
            }
        }

        State = ChildState.Stopped;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        lock (_gate)
        {
            _process?.Dispose();
            _process = null;
            _log?.Dispose();
            _log = null;
        }
    }

    private void Launch()
    {
        Directory.CreateDirectory(Spec.Directory);
        _log ??= new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var (file, prefix) = SelfLauncher.Command();
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Spec.Directory,
        };
        foreach (var a in prefix.Concat(Spec.Arguments))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[ParentWatch.EnvironmentVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var log = _log;
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        process.Exited += (_, _) => OnExited(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
        State = ChildState.Starting;
        Log.Started(_logger, Spec.Name, process.Id);
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void OnExited(Process process)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(process, _process) || !_wanted)
            {
                return;
            }

            var code = process.ExitCode;
            var attempt = Interlocked.Increment(ref _restarts);
            var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempt - 1, 6))));
            Log.ExitedRestarting(_logger, Spec.Name, code, delay.TotalMilliseconds);
            State = ChildState.Restarting;
            _ = RestartLaterAsync(process, delay);
        }
    }

    private async Task RestartLaterAsync(Process exited, TimeSpan delay)
    {
        await Task.Delay(delay, _time);
        lock (_gate)
        {
            if (_wanted && ReferenceEquals(exited, _process))
            {
                Launch();
            }
        }
    }

    /// <summary>Marks the child as answering its health probe.</summary>
    public void MarkRunning()
    {
        if (State is ChildState.Starting or ChildState.Restarting)
        {
            State = ChildState.Running;
        }
    }

    private static void Signal(int pid, int signal) => ProcessSignal.Send(pid, signal);

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "{Name} started (pid {Pid})")]
        public static partial void Started(ILogger logger, string name, int pid);

        [LoggerMessage(1002, LogLevel.Warning, "{Name} exited with code {Code}; restarting in {DelayMs} ms")]
        public static partial void ExitedRestarting(ILogger logger, string name, int code, double delayMs);

        [LoggerMessage(1003, LogLevel.Warning, "{Name} did not stop within {Seconds} s of SIGTERM; killed")]
        public static partial void StopTimedOut(ILogger logger, string name, double seconds);
    }
}
