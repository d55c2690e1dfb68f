using System.Text.RegularExpressions;
using DualHub.IntegrationTests.Nats;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Alerts;

/// <summary>
/// EdgeHub's own alert while MainPC is unreachable, over a real partition (network namespace, the leafnode link's veth
/// down): EdgeHub and PC2's nats-server run in the namespace, CentralHub listens on the host's side of the link that is
/// cut, so forwarding and the leafnode link fail together.
/// </summary>
public sealed partial class EdgeUpstreamAlertPartitionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [NetnsFact]
    public async Task The_alert_EdgeHub_raises_while_cut_off_reaches_MainPCs_alerts_stream_after_the_heal_with_its_resolution()
    {
        using var net = NetnsPartition.Create();
        await using var d = await NetnsLeaf.StartAsync(net);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);

        // CentralHub on the host's side of link B: EdgeHub reaches it only over the link the partition cuts.
        var (central, centralUrl) = await CentralHubProcess.StartAsync(d, net.HostSideB, "role: central\n", Wait);
        await using var centralGuard = central;

        var edgePort = FreePort.Next();
        var edgeUrl = $"http://{net.EdgeAddress}:{edgePort}";
        var edgeConfig = Path.Combine(d.Directory, "edge.yml");
        await File.WriteAllTextAsync(edgeConfig, $$"""
            role: edge
            global: { scrape_interval: 1s, scrape_timeout: 1s, external_labels: { hub: edge-pc2 } }
            scrape_configs:
              - job_name: edgehub-self
                static_configs: [{ targets: ['{{net.EdgeAddress}}:{{edgePort}}'] }]
            remote_write:
              - url: {{centralUrl}}/api/v1/write
                name: central
                remote_timeout: 2s
                queue_config: { min_backoff: 100ms, max_backoff: 500ms }
            alerts:
              upstream_failing_after: 3s
            """);
        await using var edge = DualHubProcess.StartUnder(
            ["ip", "netns", "exec", net.Namespace],
            ["hub", "--config", edgeConfig, "--listen", $"{net.EdgeAddress}:{edgePort}", "--data", Path.Combine(d.Directory, "edge"), "--nats", d["pc2"].ClientUrl, "--node", "pc2"]);
        await edge.WaitForHttpOkAsync(edgeUrl + "/-/ready", Wait);
        await Poll.UntilAsync(async () => await SentAsync(edgeUrl) > 0, Wait, "EdgeHub forwarding to CentralHub");

        await using var edgeNats = NatsConnectionFactory.Create([d["pc2"].ClientUrl], "test-edge");
        await using var hubNats = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "test-hub");
        var edgeJs = new NatsJSContext(edgeNats);
        var hubJs = new NatsJSContext(hubNats);

        // Apart: EdgeHub's upstream fails past its threshold; the alert is stored on PC2's server and cannot cross yet.
        net.Cut();
        var firing = await Poll.UntilAsync(async () => (await AlertingEndToEndTests.AlertsAsync(edgeJs)).FirstOrDefault(a => a.Status == "firing"), Wait, "EdgeHub's alert on PC2's NATS");
        Assert.Equal("edgehub", firing.Body.GetProperty("source").GetString());
        var labels = firing.Body.GetProperty("labels");
        Assert.Equal(("EdgeHubUpstreamFailing", "central", "pc2", "edge-pc2"), (labels.GetProperty("alertname").GetString(), labels.GetProperty("upstream").GetString(), labels.GetProperty("node").GetString(), labels.GetProperty("hub").GetString()));
        Assert.Empty(await AlertingEndToEndTests.AlertsAsync(hubJs));

        // Healed: forwarding recovers, EdgeHub resolves its alert, and MainPC's alerts stream gets both, once each.
        net.Heal();
        var onHub = await Poll.UntilAsync(
            async () => await AlertingEndToEndTests.AlertsAsync(hubJs) is { Count: >= 2 } a ? a : null,
            TimeSpan.FromSeconds(60),
            "the firing alert and its resolution in MainPC's observability-alerts stream");
        Assert.Equal(["firing", "resolved"], onHub.Select(a => a.Status));
        Assert.Equal(firing.MsgId, onHub[0].MsgId);
        Assert.All(onHub, a => Assert.Equal(NatsSubjects.Alerts(AlertSeverity.Urgent), a.Subject));
        Assert.Equal(2, (await AlertingEndToEndTests.AlertsAsync(edgeJs)).Count);
    }

    private static async Task<long> SentAsync(string edgeUrl)
    {
        var text = await Http.GetStringAsync(new Uri(edgeUrl + "/metrics"));
        return SentLine().Match(text) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"(?m)^dualhub_remote_write_samples_sent_total\{upstream=""central""[^}]*\} (\d+)$")]
    private static partial Regex SentLine();
}
