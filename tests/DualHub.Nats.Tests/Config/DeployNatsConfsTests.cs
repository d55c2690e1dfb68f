using DualHub.Nats.Config;
using DualHub.Nats.Topology;

namespace DualHub.Nats.Tests.Config;

/// <summary>deploy/nats holds the plan's rendered confs; they must be what the renderer makes of deploy/nats/topology.yaml.</summary>
public sealed class DeployNatsConfsTests
{
    [Fact]
    public void Deploy_nats_confs_match_the_rendering_of_the_deploy_topology()
    {
        var dir = Path.Combine(RepoRoot(), "deploy", "nats");
        var topology = NatsTopologyLoader.LoadFile(Path.Combine(dir, "topology.yaml"));

        Assert.Empty(NatsTopologyValidator.Validate(topology));
        foreach (var node in topology.Nodes)
        {
            var path = Path.Combine(dir, NatsConfigRenderer.FileName(node));
            Assert.True(File.Exists(path), $"{path} missing");
            Assert.Equal(NatsConfigRenderer.Render(topology, node), File.ReadAllText(path));
        }
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "DualHub.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("DualHub.sln not found above " + AppContext.BaseDirectory);
    }
}
