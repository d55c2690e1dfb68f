using System.Diagnostics;
using DualHub.Nats.Monitoring;
using DualHub.Nats.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Nats.Supervision;

internal sealed class NatsServerProcess : INatsServer
{
    private const int MaxOutputLines = 200;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly string _binary;
    private readonly NatsSupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<string> _output = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;

    public NatsServerProcess(NatsNodeOptions node, string configPath, NatsSupervisorOptions options, TimeProvider time, ILogger? logger)
    {
        Node = node;
        ConfigPath = configPath;
        _options = options;
        _binary = options.ResolveBinary();
        _time = time;
        _logger = logger ?? NullLogger.Instance;
    }

    public NatsNodeOptions Node { get; }

    public string ConfigPath { get; }

    public string ClientUrl => Node.ClientUrl;

    public string MonitorUrl => Node.MonitorUrl;

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => IsRunning ? _process!.Id : null;

    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public async Task StartAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _process?.Dispose();
            Directory.CreateDirectory(Node.StoreDir);
            var command = new List<string>();
            if (_options.KillWithParent)
            {
                command.AddRange(ParentDeathSignal.Prefix);
                if (command.Count == 0)
                {
                    Log.NoParentDeathSignal(_logger, Node.Name);
                }
            }

            command.AddRange(_options.LaunchPrefix?.Invoke(Node.Name) ?? []);
            command.AddRange([_binary, "-c", ConfigPath]);
            var psi = new ProcessStartInfo(command[0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(ConfigPath))!,
            };
            foreach (var arg in command.Skip(1))
            {
                psi.ArgumentList.Add(arg);
            }

            var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            await LauncherThread.StartAsync(process);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            Log.Started(_logger, Node.Name, process.Id, ClientUrl, MonitorUrl);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WaitReadyAsync(NatsReadiness readiness, TimeSpan timeout, CancellationToken ct = default)
    {
        var url = MonitorUrl + (readiness == NatsReadiness.JetStreamEnabled ? "/healthz?js-enabled-only=true" : "/healthz");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        string? last = null;
        while (true)
        {
            var process = _process;
            if (process is null || process.HasExited)
            {
                throw new NatsServerException($"nats-server {Node.Name} is not running{(process is null ? string.Empty : $" (exit code {process.ExitCode})")}:\n{RecentOutput}");
            }

            try
            {
                var (ok, error) = await NatsMonitor.GetHealthAsync(Http, url, cts.Token);
                if (ok)
                {
                    Log.Ready(_logger, Node.Name, readiness);
                    return;
                }

                last = error;
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cts.IsCancellationRequested)
            {
                last = ex.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
        }

        throw new NatsServerException($"nats-server {Node.Name} not {readiness} within {timeout.TotalSeconds:0.#} s ({url}: {last ?? "no answer"}):\n{RecentOutput}");
    }

    public async Task StopAsync(TimeSpan? grace = null, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var process = _process;
            if (process is null || process.HasExited)
            {
                return;
            }

            var wait = grace ?? _options.StopGrace;
            ProcessSignal.Send(process.Id, ProcessSignal.Cont); // a frozen server cannot handle SIGTERM
            ProcessSignal.Send(process.Id, ProcessSignal.Term);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(wait);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Log.StopTimedOut(_logger, Node.Name, wait);
                process.Kill();
                await process.WaitForExitAsync(ct);
            }

            Log.Stopped(_logger, Node.Name, process.ExitCode);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task KillAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var process = _process;
            if (process is null || process.HasExited)
            {
                return;
            }

            process.Kill();
            await process.WaitForExitAsync(ct);
            Log.Stopped(_logger, Node.Name, process.ExitCode);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RestartAsync(NatsReadiness readiness, TimeSpan timeout, CancellationToken ct = default)
    {
        await StopAsync(null, ct);
        await StartAsync(ct);
        await WaitReadyAsync(readiness, timeout, ct);
    }

    public void Freeze() => SignalRunning(ProcessSignal.Stop);

    public void Thaw() => SignalRunning(ProcessSignal.Cont);

    public Task<NatsMonitorSummary> GetSummaryAsync(CancellationToken ct = default) => NatsMonitor.GetSummaryAsync(Http, MonitorUrl, ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
        }

        _process?.Dispose();
        _gate.Dispose();
    }

    private void SignalRunning(int signal)
    {
        var process = _process;
        if (process is null || process.HasExited || !ProcessSignal.Send(process.Id, signal))
        {
            throw new NatsServerException($"nats-server {Node.Name} is not running");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Count == MaxOutputLines)
            {
                _output.Dequeue();
            }

            _output.Enqueue(line);
        }
    }
}
