using DualHub.Nats.Supervision;
using DualHub.Nats.Topology;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

/// <summary>A deployment owned by one test: its temp dir, always stopped and deleted.</summary>
internal sealed class NatsTestDeployment : IAsyncDisposable
{
    private NatsTestDeployment(string directory, INatsDeployment deployment)
    {
        Directory = directory;
        Deployment = deployment;
    }

    public string Directory { get; }

    public INatsDeployment Deployment { get; }

    public INatsServer this[string node] => Deployment.Servers[node];

    public static async Task<NatsTestDeployment> StartAsync(Func<string, NatsTopologyOptions> topology, NatsSupervisorOptions? options = null)
    {
        var dir = TempDir.Create();
        try
        {
            return new NatsTestDeployment(dir, await NatsSupervisor.StartAsync(topology(dir), Path.Combine(dir, "conf"), options));
        }
        catch
        {
            TempDir.Delete(dir);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Deployment.DisposeAsync();
        TempDir.Delete(Directory);
    }
}
