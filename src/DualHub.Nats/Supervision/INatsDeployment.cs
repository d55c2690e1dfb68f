using DualHub.Nats.Topology;

namespace DualHub.Nats.Supervision;

/// <summary>All servers of a topology, started from rendered configs; disposing stops them all.</summary>
public interface INatsDeployment : IAsyncDisposable
{
    NatsTopologyOptions Topology { get; }

    /// <summary>Servers by node name, in topology order.</summary>
    IReadOnlyDictionary<string, INatsServer> Servers { get; }

    /// <summary>Directory holding the rendered confs.</summary>
    string ConfigDirectory { get; }

    /// <summary>Every client URL, for connections that fail over between servers.</summary>
    IReadOnlyList<string> ClientUrls { get; }

    /// <summary>Waits until every running server's /healthz is 200.</summary>
    Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct = default);

    /// <summary>Stops every server gracefully (edges first, so the hub sees clean leaf disconnects).</summary>
    Task StopAsync(CancellationToken ct = default);
}
