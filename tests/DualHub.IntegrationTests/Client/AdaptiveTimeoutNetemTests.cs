using System.Globalization;
using DualHub.Client;
using DualHub.Client.Events;
using DualHub.Client.Options;
using DualHub.IntegrationTests.Nats;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Client;

/// <summary>
/// The adaptive push timeout on a slow lossy link: both hubs (real pushgateways) in a network namespace behind a veth
/// pair with netem on both ends (each way 100 ms +- 20 ms, 5 % loss). With default failover settings the agent never
/// leaves its primary while it answers, leaves it when it hangs, comes back once when it answers again, and loses
/// nothing.
/// </summary>
[Collection(TimingBoundTests.Name)]
public sealed class AdaptiveTimeoutNetemTests
{
    [NetemFact]
    public async Task On_a_slow_lossy_link_the_agent_does_not_fail_over_spuriously_and_does_not_flap()
    {
        using var link = NetnsPartition.Create();
        link.Impair("delay", "100ms", "20ms", "distribution", "normal", "loss", "5%");
        var spool = TempDir.Create();
        await using var primary = await StartPushgatewayAsync(link, 9091);
        await using var fallback = await StartPushgatewayAsync(link, 9092);
        try
        {
            var o = new AgentOptions { Agent = { Name = "netem_agent", Node = "pc2" }, PushInterval = TimeSpan.FromMilliseconds(250) };
            o.Hubs.Add(new HubEndpoint("primary", new Uri($"http://{link.EdgeAddress}:9091")));
            o.Hubs.Add(new HubEndpoint("fallback", new Uri($"http://{link.EdgeAddress}:9092")));
            o.Failover.HealthCheckInterval = TimeSpan.FromSeconds(1);
            o.Failover.RecoveryBackoff = TimeSpan.FromMilliseconds(250);
            o.Spool.Path = spool;
            await using var agent = DualHubAgentFactory.Create(o);
            using var recorder = new FailoverRecorder(agent);
            await agent.StartAsync();

            // 30 s on the link: about 120 pushes and 60 probes, a few hundred lost packets; no failover.
            await Poll.UntilAsync(() => recorder.Accepted.Count(a => a.HubIndex == 0) >= 120, TimeSpan.FromSeconds(90), "120 pushes accepted by the primary");
            Assert.True(agent.Stats.Failovers == 0, $"spurious failover on the slow link: {string.Join("; ", recorder.Changes.Select(c => c.Reason))}");
            Assert.All(recorder.Accepted, a => Assert.Equal(0, a.HubIndex));

            var hung = TimeProvider.System.GetUtcNow();
            primary.Signal(19);
            await Poll.UntilAsync(() => Task.FromResult(recorder.FirstAcceptedBy(1, hung)), TimeSpan.FromSeconds(60), "a push accepted by the fallback after the hang");
            primary.Signal(18);
            var back = TimeProvider.System.GetUtcNow();
            await Poll.UntilAsync(() => Task.FromResult(recorder.FirstAcceptedBy(0, back)), TimeSpan.FromSeconds(60), "a push accepted by the primary again");
            var settled = recorder.Accepted.Count;
            await Poll.UntilAsync(() => recorder.Accepted.Count >= settled + 40, TimeSpan.FromSeconds(60), "40 more pushes");

            Assert.Equal((1, 1), (agent.Stats.Failovers, agent.Stats.Failbacks));
            Assert.Empty(recorder.MissingSequences());
        }
        finally
        {
            TempDir.Delete(spool);
        }
    }

    private static async Task<ExternalProcess> StartPushgatewayAsync(NetnsPartition link, int port)
    {
        var p = ExternalProcess.Start("ip", ["netns", "exec", link.Namespace, Anchors.PushgatewayBinary, $"--web.listen-address={link.EdgeAddress}:{port.ToString(CultureInfo.InvariantCulture)}", "--persistence.file="]);
        await p.WaitForHttpOkAsync($"http://{link.EdgeAddress}:{port.ToString(CultureInfo.InvariantCulture)}/-/ready", TimeSpan.FromSeconds(60));
        return p;
    }
}
