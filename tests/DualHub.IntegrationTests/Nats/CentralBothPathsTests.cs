using System.Globalization;
using System.Text.Json;
using DualHub.IntegrationTests.Edge;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Nats.Streams;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

/// <summary>
/// The real <c>dualhub hub</c> processes as in <c>dualhub up</c>: EdgeHub forwards to CentralHub over HTTP and publishes the
/// same journal over NATS; CentralHub forwards everything it journals to a long-term store (real Prometheus 2.42 with its
/// remote-write receiver). A backlog built while CentralHub is down arrives twice, once per path, concurrently.
/// </summary>
public sealed class CentralBothPathsTests
{
    private const int Rounds = 30;
    private const int Series = 50;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Backlog_arriving_by_HTTP_and_NATS_reaches_the_long_term_store_once_in_order_with_no_rejection()
    {
        var (prom, promUrl) = await Anchors.StartPrometheusAsync("global:\n  scrape_interval: 1m\n", "--web.enable-remote-write-receiver");
        await using var promGuard = prom;
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);

        var centralPort = FreePort.Next();
        var centralUrl = $"http://127.0.0.1:{centralPort}";
        var centralConfig = Path.Combine(d.Directory, "central.yml");
        await File.WriteAllTextAsync(centralConfig, $"role: central\nremote_write:\n  - url: {promUrl}/api/v1/write\n    name: long-term\n");
        var edgeConfig = Path.Combine(d.Directory, "edge.yml");
        await File.WriteAllTextAsync(edgeConfig, $"role: edge\nremote_write:\n  - url: {centralUrl}/api/v1/write\n    name: central\n    queue_config:\n      min_backoff: 50ms\n      max_backoff: 500ms\n");
        var edgePort = FreePort.Next();
        var edgeUrl = $"http://127.0.0.1:{edgePort}";
        await using var edge = DualHubProcess.Start(["hub", "--config", edgeConfig, "--listen", $"127.0.0.1:{edgePort}", "--data", Path.Combine(d.Directory, "edge"), "--nats", $"{d["pc2"].ClientUrl},{d["mainpc"].ClientUrl}", "--node", "pc2"]);
        await edge.WaitForHttpOkAsync(edgeUrl + "/-/ready", Wait);

        // The backlog: CentralHub is not running yet; EdgeHub journals it and publishes it to NATS.
        var start = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (Rounds * 1000);
        for (var r = 0; r < Rounds; r++)
        {
            await RemoteWriteAsync(edgeUrl, start + (r * 1000), r + 1);
        }

        await using var central = DualHubProcess.Start(["hub", "--config", centralConfig, "--listen", $"127.0.0.1:{centralPort}", "--data", Path.Combine(d.Directory, "central"), "--nats", d["mainpc"].ClientUrl]);
        await central.WaitForHttpOkAsync(centralUrl + "/-/ready", Wait);

        // Both paths delivered everything (EdgeHub's HTTP upstream drained, CentralHub's NATS consumer took every sample),
        // and CentralHub forwarded all it journaled.
        const int Total = Rounds * Series;
        try
        {
            await Poll.UntilAsync(
                async () => await EdgePendingAsync(edgeUrl) == 0 && await HubHttp.NatsSamplesConsumedAsync(centralUrl) >= Total
                    && await LongTermAsync(centralUrl) is { Pending: 0, Sent: > 0 },
                Wait,
                "the backlog delivered by HTTP and by NATS and forwarded to Prometheus");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}: {await LongTermAsync(centralUrl)}\n{central.Output}", ex);
        }

        // Prometheus rejected nothing (a duplicate or older sample in a request is a 400 for the whole request there).
        var upstream = await LongTermAsync(centralUrl);
        Assert.Equal((Total, 0L), (upstream.Sent, upstream.Dropped));
        var metrics = await Http.GetStringAsync(new Uri(centralUrl + "/metrics"));
        Assert.Contains("dualhub_remote_write_samples_failed_total{upstream=\"long-term\",url=\"" + promUrl + "/api/v1/write\"} 0", metrics, StringComparison.Ordinal);

        // Each sample journaled once; its second copy dropped (duplicate, or older than what the faster path already brought).
        var ingest = await CentralIngestAsync(centralUrl);
        Assert.Equal((Total, Total), (ingest.Journaled, ingest.Dropped));
        Assert.True(ingest.Http > 0 && ingest.Nats > 0, $"both paths delivered: {ingest}");
        Assert.Matches(@"(?m)^dualhub_central_samples_dropped_total\{path=""nats"",reason=""duplicate""\} \d+$", metrics);
        Assert.Matches(@"(?m)^dualhub_central_samples_journaled_total\{path=""http""\} \d+$", metrics);

        // What the long-term store holds: every series 1..Rounds, each sample once, in timestamp order.
        var counts = await UpstreamQuery.InstantAsync(promUrl, "count_over_time(central_both_paths[1h])");
        Assert.Equal(Series, counts.Count);
        Assert.All(counts, c => Assert.Equal(Rounds, c.Value));
        Assert.Equal(Rounds, UpstreamQuery.AssertConsecutiveOnce(await UpstreamQuery.RawAsync(promUrl, "central_both_paths{i=\"7\"}")));
    }

    private static async Task<(long Journaled, long Dropped, long Http, long Nats)> CentralIngestAsync(string url)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(url + "/health")));
        var ingest = doc.RootElement.GetProperty("sample_journal").GetProperty("central_ingest");
        long journaled = 0, dropped = 0;
        foreach (var path in ingest.EnumerateObject())
        {
            journaled += path.Value.GetProperty("journaled").GetInt64();
            dropped += path.Value.GetProperty("duplicates").GetInt64() + path.Value.GetProperty("out_of_order").GetInt64();
        }

        long Delivered(string p) => ingest.GetProperty(p).GetProperty("journaled").GetInt64() + ingest.GetProperty(p).GetProperty("duplicates").GetInt64() + ingest.GetProperty(p).GetProperty("out_of_order").GetInt64();
        return (journaled, dropped, Delivered("http"), Delivered("nats"));
    }

    private static async Task<long> EdgePendingAsync(string url)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(url + "/health")));
        return doc.RootElement.GetProperty("upstreams")[0].GetProperty("pending_samples").GetInt64();
    }

    private static async Task<(long Pending, long Sent, long Dropped)> LongTermAsync(string url)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(url + "/health")));
        var u = doc.RootElement.GetProperty("upstreams")[0];
        return (u.GetProperty("pending_samples").GetInt64(), u.GetProperty("samples_sent").GetInt64(), u.GetProperty("samples_dropped").GetInt64());
    }

    /// <summary>One round: every series once, at <paramref name="timestampMs"/>, with the round's counter value.</summary>
    private static async Task RemoteWriteAsync(string hubUrl, long timestampMs, double value)
    {
        var request = new WriteRequest();
        for (var i = 0; i < Series; i++)
        {
            request.Series.Add(new TimeSeries
            {
                Labels = [new Label("__name__", "central_both_paths"), new Label("i", i.ToString(CultureInfo.InvariantCulture))],
                Samples = [new Sample(value, timestampMs)],
            });
        }

        await HubHttp.RemoteWriteAsync(hubUrl, request);
    }
}
