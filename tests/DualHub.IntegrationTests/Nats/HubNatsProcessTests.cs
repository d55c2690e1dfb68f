using System.Text.Json;
using DualHub.IntegrationTests.Edge;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

/// <summary>
/// The real <c>dualhub hub</c> processes as edge (publishing to pc2's server, HTTP upstream dead) and central
/// (consuming from mainpc's), over a real leaf pair, configured the way <c>dualhub up</c> would: flags only.
/// </summary>
public sealed class HubNatsProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(25);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Edge_process_reaches_the_central_process_by_NATS_only_and_killed_processes_lose_nothing_and_store_nothing_twice()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        var edgeConfig = Path.Combine(d.Directory, "edge.yml");
        await File.WriteAllTextAsync(edgeConfig, $"role: edge\nremote_write:\n  - url: http://127.0.0.1:{FreePort.Next()}/api/v1/write\n    name: central-http\n");
        var edgePort = FreePort.Next();
        var edgeUrl = $"http://127.0.0.1:{edgePort}";
        string[] edgeArgs = ["hub", "--config", edgeConfig, "--listen", $"127.0.0.1:{edgePort}", "--data", Path.Combine(d.Directory, "edge"), "--nats", $"{d["pc2"].ClientUrl},{d["mainpc"].ClientUrl}", "--node", "pc2"];
        var edge = DualHubProcess.Start(edgeArgs);
        await using var edgeGuard = edge;
        var centralPort = FreePort.Next();
        var centralUrl = $"http://127.0.0.1:{centralPort}";
        string[] centralArgs = ["hub", "--role", "central", "--listen", $"127.0.0.1:{centralPort}", "--data", Path.Combine(d.Directory, "central"), "--nats", d["mainpc"].ClientUrl];
        var central = DualHubProcess.Start(centralArgs);
        await using var centralGuard = central;
        await edge.WaitForHttpOkAsync(edgeUrl + "/-/ready", Wait);
        await central.WaitForHttpOkAsync(centralUrl + "/-/ready", Wait);

        await RemoteWriteAsync(edgeUrl, "nats_e2e_value", "a", 7);
        await PollValueAsync(centralUrl, "nats_e2e_value{i=\"a\"}", 7, central.Output);

        // The view shows a sample once it passed the ingest filter, a moment before the journal commit and the
        // consumer's count: wait for the count, then require that it is exactly one.
        await Poll.UntilAsync(async () => await HubHttp.NatsSamplesConsumedAsync(centralUrl) >= 1, Wait, "central's consumer counted the sample");
        Assert.Equal(1, await HubHttp.NatsSamplesConsumedAsync(centralUrl));

        // The edge counts the publish and commits its cursor after the stream's ack, and its HTTP forwarder fails on its
        // own schedule: the sample can be at the central before either. Wait for both, then check what /health says.
        await Poll.UntilAsync(
            async () =>
            {
                using var health = await GetJsonAsync(edgeUrl + "/health");
                return health.RootElement.GetProperty("upstreams")[0].GetProperty("state").GetString() == "retrying"
                    && health.RootElement.GetProperty("nats").GetProperty("publish").GetProperty("pending_samples").GetInt64() == 0;
            },
            Wait,
            "the edge's HTTP upstream retrying and its NATS cursor past the sample");
        using (var health = await GetJsonAsync(edgeUrl + "/health"))
        {
            Assert.Equal("open", health.RootElement.GetProperty("nats").GetProperty("connection").GetString());
            Assert.Equal(1, health.RootElement.GetProperty("nats").GetProperty("publish").GetProperty("samples_published").GetInt64());
        }

        var metrics = await Http.GetStringAsync(new Uri(edgeUrl + "/metrics"));
        Assert.Contains("dualhub_nats_published_samples_total{node=\"pc2\",subject=\"observability.metrics.pc2\"} 1", metrics, StringComparison.Ordinal);

        central.Signal(9);
        await central.WaitForExitAsync();
        await central.DisposeAsync();
        await RemoteWriteAsync(edgeUrl, "nats_e2e_value", "b", 8);
        await using var restarted = DualHubProcess.Start(centralArgs);
        await restarted.WaitForHttpOkAsync(centralUrl + "/-/ready", Wait);
        await PollValueAsync(centralUrl, "nats_e2e_value{i=\"b\"}", 8, restarted.Output);
        Assert.Equal(7, Assert.Single(await UpstreamQuery.InstantAsync(centralUrl, "nats_e2e_value{i=\"a\"}")).Value);

        // Edge SIGKILLed and restarted: it resumes from its cursor; whatever it re-sends carries the same msg ids.
        edge.Signal(9);
        await edge.WaitForExitAsync();
        await edge.DisposeAsync();
        await using var edgeAgain = DualHubProcess.Start(edgeArgs);
        await edgeAgain.WaitForHttpOkAsync(edgeUrl + "/-/ready", Wait);
        await RemoteWriteAsync(edgeUrl, "nats_e2e_value", "c", 9);
        await PollValueAsync(centralUrl, "nats_e2e_value{i=\"c\"}", 9, restarted.Output);
        await using var conn = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "test");
        var stream = await new NatsJSContext(conn).GetStreamAsync(ObservabilityStreams.Metrics);
        Assert.Equal(3L, stream.Info.State.Messages);
    }

    private static async Task PollValueAsync(string hubUrl, string query, double value, string output)
    {
        try
        {
            await Poll.UntilAsync(
                async () => (await UpstreamQuery.InstantAsync(hubUrl, query)) is [var one] && one.Value == value,
                Wait,
                $"{query} = {value} at the central");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{output}", ex);
        }
    }

    private static async Task RemoteWriteAsync(string hubUrl, string name, string series, double value)
    {
        var request = new WriteRequest();
        request.Series.Add(new TimeSeries
        {
            Labels = [new Label("__name__", name), new Label("i", series)],
            Samples = [new Sample(value, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())],
        });
        await HubHttp.RemoteWriteAsync(hubUrl, request);
    }

    private static async Task<JsonDocument> GetJsonAsync(string url) =>
        JsonDocument.Parse(await Http.GetStringAsync(new Uri(url)));
}
