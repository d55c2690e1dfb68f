using DualHub.Nats.Monitoring;
using DualHub.Nats.Topology;

namespace DualHub.Nats.Supervision;

/// <summary>One supervised nats-server process with a fixed config (same ports and store on every restart).</summary>
public interface INatsServer : IAsyncDisposable
{
    NatsNodeOptions Node { get; }

    string ConfigPath { get; }

    /// <summary>nats://host:client-port.</summary>
    string ClientUrl { get; }

    /// <summary>http://host:monitor-port.</summary>
    string MonitorUrl { get; }

    bool IsRunning { get; }

    /// <summary>Process id while running.</summary>
    int? ProcessId { get; }

    /// <summary>The last lines the server wrote (for error messages).</summary>
    string RecentOutput { get; }

    /// <summary>Starts the process (no-op when running); does not wait for readiness.</summary>
    Task StartAsync(CancellationToken ct = default);

    /// <summary>Polls the monitoring /healthz until ready; fails early with the server's output if it exits.</summary>
    Task WaitReadyAsync(NatsReadiness readiness, TimeSpan timeout, CancellationToken ct = default);

    /// <summary>Graceful stop: SIGTERM, then SIGKILL after <paramref name="grace"/> (default 10 s).</summary>
    Task StopAsync(TimeSpan? grace = null, CancellationToken ct = default);

    /// <summary>SIGKILL: a crash, as the plan's node tests need.</summary>
    Task KillAsync(CancellationToken ct = default);

    /// <summary>Stops gracefully and starts again with the same config and store; waits for <paramref name="readiness"/>.</summary>
    Task RestartAsync(NatsReadiness readiness, TimeSpan timeout, CancellationToken ct = default);

    /// <summary>SIGSTOP: the server stays connected but silent (a hung peer). <see cref="Thaw"/> continues it.</summary>
    void Freeze();

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    void Thaw();

    /// <summary>Monitoring summary from /varz, /jsz, /routez, /leafz, /healthz.</summary>
    Task<NatsMonitorSummary> GetSummaryAsync(CancellationToken ct = default);
}
