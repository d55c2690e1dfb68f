using System.Globalization;
using DualHub.Client;
using DualHub.Client.Nats;
using DualHub.Client.Options;
using DualHub.Nats.Supervision;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

/// <summary>NATS hung (SIGSTOP) under a running agent: pushes to the hub go on at their interval, the health queue drops its oldest.</summary>
public sealed class AgentNatsOutageTests
{
    [Fact]
    public async Task Pushes_to_the_hub_continue_at_their_interval_while_nats_is_frozen_and_the_health_queue_drops_the_oldest()
    {
        var dir = TempDir.Create();
        try
        {
            await RunAsync(dir);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    private static async Task RunAsync(string dir)
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var monitor = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var nats = ExternalProcess.Start(new NatsSupervisorOptions().ResolveBinary(), ["-a", "127.0.0.1", "-p", port, "-m", monitor, "-js", "-sd", Path.Combine(dir, "js")]);
        await nats.WaitForHttpOkAsync($"http://127.0.0.1:{monitor}/healthz");
        var (hub, hubUrl) = await Anchors.StartPushgatewayAsync();
        await using var hubProcess = hub;
        var o = new AgentOptions { Agent = { Name = "outage", Node = "pc2" }, PushInterval = TimeSpan.FromMilliseconds(200) };
        o.Hubs.Add(new HubEndpoint("primary", new Uri(hubUrl)));
        o.Failover.HealthCheckInterval = TimeSpan.FromMilliseconds(200); // health queued every 200 ms
        o.Spool.Path = Path.Combine(dir, "spool");
        o.Nats.Urls.Add(new Uri("nats://127.0.0.1:" + port));
        await using var publisher = NatsAgentPublishing.Create(o, queueCapacity: 4)!;
        await using var agent = DualHubAgentFactory.Create(o, healthPublisher: publisher);
        await agent.StartAsync();
        await Poll.UntilAsync(() => agent.Stats.PushesAccepted >= 3, TimeSpan.FromSeconds(10), "three pushes accepted");

        nats.Signal(19);
        try
        {
            var before = agent.Stats.PushesAccepted;
            // 10 pushes at 200 ms take 2 s; a push path waiting on NATS (2 s per attempt, 3 attempts) would need far longer.
            await Poll.UntilAsync(() => agent.Stats.PushesAccepted >= before + 10, TimeSpan.FromSeconds(4), "ten more pushes while NATS is frozen");
            await Poll.UntilAsync(() => publisher.Dropped > 0, TimeSpan.FromSeconds(10), "the health queue dropping its oldest");

            Assert.Equal(0, agent.Stats.Failovers);
            Assert.True(publisher.Queued <= 4);
        }
        finally
        {
            nats.Signal(18);
        }
    }
}
