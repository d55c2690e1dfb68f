using System.Globalization;
using System.Text.Json;
using DualHub.IntegrationTests.Edge;
using DualHub.IntegrationTests.Nats;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Store;

/// <summary>
/// CentralHub's store is VictoriaMetrics single node, written and queried through the URL shapes of a cluster (a path
/// before <c>/api/v1/...</c>, which the single node serves under <c>/prometheus</c>). SIGKILLed under load and
/// restarted, it must end up with every sample central accepted, once: VictoriaMetrics acknowledges seconds before
/// it persists, so this holds only because central sends its resend window again.
/// </summary>
public sealed class StoreOutageTests : ProcessScope
{
    private const int Series = 20;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_store_sigkilled_under_load_and_restarted_holds_every_accepted_sample_exactly_once()
    {
        var storePort = FreePort.Next();
        var storeUrl = $"http://127.0.0.1:{storePort.ToString(CultureInfo.InvariantCulture)}";
        var store = await StartStoreAsync(storePort);
        var (central, centralUrl) = await CentralWithStore.StartAsync(Dir, $"""
            remote_write:
              - url: "{storeUrl}/prometheus/api/v1/write"
                name: store
                resend_window: 30s
                queue_config:
                  min_backoff: 50ms
                  max_backoff: 200ms
            query:
              url: "{storeUrl}/prometheus"
            """);
        Keep(central);

        // The load: batches of one sample per series, values 1, 2, 3... one millisecond apart, each accepted (204).
        var t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 60_000;
        var written = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var k = written + 1;
                await HubHttp.RemoteWriteAsync(centralUrl, CentralWithStore.Samples("outage_load", Series, k, t0 + k));
                Volatile.Write(ref written, k);
            }
        });

        await Poll.UntilAsync(() => Volatile.Read(ref written) >= 100 || load.IsCompleted, Wait, "100 batches accepted");
        store.Signal(9);
        await store.WaitForExitAsync();
        var atKill = Volatile.Read(ref written);
        await Poll.UntilAsync(() => Volatile.Read(ref written) >= atKill + 100 || load.IsCompleted, Wait, "100 more batches accepted with the store down");

        await StartStoreAsync(storePort);
        var atRestart = Volatile.Read(ref written);
        await Poll.UntilAsync(() => Volatile.Read(ref written) >= atRestart + 100 || load.IsCompleted, Wait, "100 more batches accepted after the restart");
        await stop.CancelAsync();
        await load;
        var total = Volatile.Read(ref written);

        // Every series holds 1..total, each value once (the store's export, raw samples).
        for (var i = 0; i < Series; i++)
        {
            var selector = $"outage_load{{i=\"{i.ToString(CultureInfo.InvariantCulture)}\"}}";
            List<(long TimestampMs, double Value)> samples = [];
            try
            {
                await Poll.UntilAsync(async () => (samples = await UpstreamQuery.VmExportAsync(storeUrl, selector)).Count >= total, Wait, $"{total} samples of {selector} in the store");
            }
            catch (TimeoutException ex)
            {
                var missing = Enumerable.Range(1, total).Except(samples.Select(s => (int)s.Value)).ToList();
                throw new TimeoutException($"{ex.Message}: {samples.Count} there, missing {missing.Count} ({string.Join(",", missing.Take(20))}...), killed at {atKill}, restarted at {atRestart}; central /health: {await Http.GetStringAsync(new Uri(centralUrl + "/health"))}", ex);
            }

            Assert.Equal(total, UpstreamQuery.AssertConsecutiveOnce(samples));
        }

        // The same count through CentralHub's query API (the store's query base with its path).
        var query = Uri.EscapeDataString("sum(count_over_time(outage_load[10m]))");
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"{centralUrl}/api/v1/query?query={query}")));
        var value = doc.RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString();
        Assert.Equal((Series * total).ToString(CultureInfo.InvariantCulture), value);
        var metrics = await Http.GetStringAsync(new Uri(centralUrl + "/metrics"));
        Assert.Contains("dualhub_remote_write_samples_failed_total{upstream=\"store\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^dualhub_remote_write_samples_(failed|dropped)_total\{upstream=""store""[^}]*\} [1-9]", metrics);
    }

    /// <summary>victoria-metrics on <paramref name="port"/> with its data in this test's folder, as <c>dualhub up</c> runs it.</summary>
    private async Task<ExternalProcess> StartStoreAsync(int port)
    {
        var endpoint = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var store = ExternalProcess.Start(Anchors.VictoriaMetricsBinary, [$"-httpListenAddr={endpoint}", $"-storageDataPath={Path.Combine(Dir, "store")}", "-search.latencyOffset=1s", "-dedup.minScrapeInterval=1ms"], Dir);
        Keep(store);
        await store.WaitForHttpOkAsync($"http://{endpoint}/health", Wait);
        return store;
    }
}
