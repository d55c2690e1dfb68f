using System.Globalization;
using DualHub.Client;
using DualHub.Client.Nats;
using DualHub.Client.Options;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using NATS.Client.Core;
using NATS.Client.JetStream;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

/// <summary>NATS hung (SIGSTOP) under a running agent: pushes to the hub go on at their interval, the health queue drops its oldest.</summary>
/// <remarks>Serial: ten pushes at 200 ms must fit in 4 s, a bound a neighbour's CPU load on 2 cores could break.</remarks>
[Collection(TimingBoundTests.Name)]
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

    [Fact]
    public async Task An_agent_whose_nats_server_goes_silent_moves_to_the_next_url_in_seconds_and_its_health_keeps_arriving()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        var o = new AgentOptions { Agent = { Name = "silent", Node = "pc2" }, PushInterval = TimeSpan.FromSeconds(1) };
        o.Hubs.Add(new HubEndpoint("primary", new Uri("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture))));
        o.Failover.HealthCheckInterval = TimeSpan.FromMilliseconds(500);
        o.Spool.Path = Path.Combine(d.Directory, "spool");
        o.Nats.Urls.Add(new Uri(d["pc2"].ClientUrl));
        o.Nats.Urls.Add(new Uri(d["mainpc"].ClientUrl));
        await using var publisher = NatsAgentPublishing.Create(o)!;
        await using var agent = DualHubAgentFactory.Create(o, healthPublisher: publisher);
        await agent.StartAsync();
        await using var mainpc = new NatsConnection(NatsOpts.Default with { Url = d["mainpc"].ClientUrl });
        var js = new NatsJSContext(mainpc);
        await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(js, ObservabilityStreams.Health, "observability.health.pc2") >= 2, TimeSpan.FromSeconds(15), "health from pc2 sourced to mainpc");

        d["pc2"].Freeze(); // TCP stays open: only missed pings (every 3 s) reveal it
        try
        {
            var atFreeze = await NatsStreamReader.CountAsync(js, ObservabilityStreams.Health, "observability.health.pc2");
            await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(js, ObservabilityStreams.Health, "observability.health.pc2") >= atFreeze + 5, TimeSpan.FromSeconds(25), "health published straight to mainpc");

            var ids = (await NatsStreamReader.ReadAsync(js, ObservabilityStreams.Health, "observability.health.pc2")).Select(m => m.MsgId).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count()); // the send that hung on pc2 was re-sent to mainpc with its id: stored once
        }
        finally
        {
            d["pc2"].Thaw();
        }
    }
}
