using DualHub.Nats.Topology;

namespace DualHub.Nats.Supervision;

internal sealed class NatsDeployment : INatsDeployment
{
    private readonly List<NatsServerProcess> _servers;

    public NatsDeployment(NatsTopologyOptions topology, string configDirectory, List<NatsServerProcess> servers)
    {
        Topology = topology;
        ConfigDirectory = configDirectory;
        _servers = servers;
        Servers = servers.ToDictionary(s => s.Node.Name, s => (INatsServer)s, StringComparer.Ordinal);
        ClientUrls = servers.Select(s => s.ClientUrl).ToList();
    }

    public NatsTopologyOptions Topology { get; }

    public IReadOnlyDictionary<string, INatsServer> Servers { get; }

    public string ConfigDirectory { get; }

    public IReadOnlyList<string> ClientUrls { get; }

    public Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct = default) =>
        Task.WhenAll(_servers.Where(s => s.IsRunning).Select(s => s.WaitReadyAsync(NatsReadiness.Healthy, timeout, ct)));

    public async Task StopAsync(CancellationToken ct = default)
    {
        // Edges first: the hub then sees its leafnodes leave cleanly.
        for (var i = _servers.Count - 1; i >= 0; i--)
        {
            await _servers[i].StopAsync(null, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _servers.Count - 1; i >= 0; i--)
        {
            await _servers[i].DisposeAsync();
        }
    }
}
