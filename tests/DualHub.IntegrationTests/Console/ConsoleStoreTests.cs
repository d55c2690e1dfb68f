using System.Runtime.CompilerServices;
using System.Text.Json;
using DualHub.IntegrationTests.Nats;
using DualHub.IntegrationTests.Store;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Console;

/// <summary>
/// CentralHub's charts of the last hour from its store (VictoriaMetrics single node behind <c>query.url</c>), so they
/// survive a restart of the hub; with the store stopped, from the hub's in-memory ring, saying so.
/// </summary>
public sealed class ConsoleStoreTests : ProcessScope
{
    private const int Points = 360;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task History_comes_from_the_store_an_hour_wide_and_from_memory_when_the_store_is_stopped()
    {
        // Without the rollup cache: a query that ran before the samples were searchable must not hide them later.
        var (vm, vmUrl) = await Anchors.StartVictoriaMetricsAsync("-search.disableCache");
        Keep(vm);

        // An hour of what the hubs' self-scrapes and the agents' pushes hold, one sample every 10 s on the 10 s grid.
        var last = (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 10 * 10) - 10;
        var first = last - ((Points - 1) * 10);
        var load = new WriteRequest();
        Add(load, [new("__name__", "dualhub_remote_write_lag_seconds"), new("hub", "edge-pc2"), new("instance", "127.0.0.1:9100"), new("job", "edgehub-self"), new("upstream", "central")], first, k => k);
        Add(load, [new("__name__", "dualhub_remote_write_pending_samples"), new("hub", "central-mainpc"), new("instance", "127.0.0.1:9000"), new("job", "centralhub-self"), new("upstream", "store")], first, k => 100 + k);
        Add(load, [new("__name__", "dualhub_push_sequence"), new("hub", "edge-pc2"), new("instance", "pc2"), new("job", "resource_manager")], first, k => k);
        // The same family scraped from the agent's health port: not a push, not charted.
        Add(load, [new("__name__", "dualhub_push_sequence"), new("instance", "127.0.0.1:9201"), new("job", "pilot-agents")], first, k => k);
        await HubHttp.RemoteWriteAsync(vmUrl, load);
        // The store first: a hub that asks before VictoriaMetrics has made the samples searchable finds no charted
        // series, falls back to its ring and leaves the store alone for 30 s (StoreHistory.RetryAfter).
        await Poll.UntilAsync(
            async () => (await DualHub.IntegrationTests.Edge.UpstreamQuery.InstantAsync(vmUrl, "count_over_time({__name__=~\"dualhub_remote_write_lag_seconds|dualhub_remote_write_pending_samples|dualhub_push_sequence\"}[1h])"))
                is { Count: 4 } counts && counts.All(c => c.Value >= Points - 10),
            Wait,
            "the hour's 4 series searchable in the store");

        var (central, centralUrl) = await CentralWithStore.StartAsync(Dir, $"remote_write:\n  - url: \"{vmUrl}/api/v1/write\"\n    name: store\nquery:\n  url: \"{vmUrl}\"\n");
        Keep(central);

        var root = (await Poll.UntilAsync(
            async () => await HistoryAsync(centralUrl) is { Value: var h } box && h.GetProperty("source").GetString() == "store" && NonNull(h, "lag/central (edge-pc2)").Count >= Points - 10 ? box : null,
            Wait,
            "the store's hour on /console/history.json",
            TimeSpan.FromMilliseconds(200))).Value;

        var lag = NonNull(root, "lag/central (edge-pc2)");
        var backlog = NonNull(root, "backlog/store (central-mainpc)");
        var rate = NonNull(root, "push_rate/resource_manager/pc2");
        Assert.All(lag, p => Assert.Equal(Math.Min((p.T - first) / 10, Points - 1), p.V));
        Assert.All(backlog, p => Assert.Equal(100 + Math.Min((p.T - first) / 10, Points - 1), p.V));
        Assert.True(backlog.Count >= Points - 10, $"{backlog.Count} backlog points");
        Assert.True(rate.Count >= Points - 20, $"{rate.Count} push rate points");
        Assert.All(rate, p => Assert.Equal(0.1, p.V, 3));
        Assert.False(root.GetProperty("series").TryGetProperty("push_rate/pilot-agents/127.0.0.1:9201", out _), "a scraped copy of dualhub_push_sequence was charted as a push");
        Assert.Equal(10, root.GetProperty("interval").GetInt32());

        vm.Signal(15);
        await vm.WaitForExitAsync();
        var memory = (await Poll.UntilAsync(
            async () => await HistoryAsync(centralUrl) is { Value: var h } box && h.GetProperty("source").GetString() == "memory" && h.GetProperty("series").TryGetProperty("lag/store", out _) ? box : null,
            Wait,
            "the in-memory ring on /console/history.json with the store stopped",
            TimeSpan.FromMilliseconds(200))).Value;
        Assert.Contains($"store {vmUrl}", memory.GetProperty("store_error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("lag/central (edge-pc2)", memory.GetProperty("series").EnumerateObject().Select(p => p.Name));
    }

    private static void Add(WriteRequest request, Label[] labels, long first, Func<int, double> value)
    {
        var samples = new Sample[Points];
        for (var k = 0; k < Points; k++)
        {
            samples[k] = new Sample(value(k), (first + (k * 10L)) * 1000);
        }

        request.Series.Add(new TimeSeries { Labels = labels, Samples = samples });
    }

    /// <summary>The history's root, boxed so that polling can tell "not yet" (null) from an answer.</summary>
    private static async Task<StrongBox<JsonElement>?> HistoryAsync(string hubUrl)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(hubUrl + "/console/history.json")));
        return new StrongBox<JsonElement>(doc.RootElement.Clone());
    }

    private static List<(long T, double V)> NonNull(JsonElement history, string name)
    {
        var t = history.GetProperty("t").EnumerateArray().Select(e => e.GetInt64()).ToList();
        return !history.GetProperty("series").TryGetProperty(name, out var values)
            ? []
            : [.. values.EnumerateArray().Select((v, i) => (t[i], v)).Where(p => p.v.ValueKind == JsonValueKind.Number).Select(p => (p.Item1, p.v.GetDouble()))];
    }
}
