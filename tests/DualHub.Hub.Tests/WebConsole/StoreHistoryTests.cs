using System.Net;
using System.Text;
using System.Text.Json;
using DualHub.Hub.Options;
using DualHub.Hub.Query;
using DualHub.Hub.Tests.Query;
using DualHub.Hub.WebConsole.History;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.WebConsole;

public sealed class StoreHistoryTests
{
    private const long Now = 1_700_000_005;
    private const long End = 1_700_000_000;
    private const long Start = End - 3600;

    [Fact]
    public async Task The_last_hour_comes_from_the_stores_query_range_with_the_rings_round_trip_and_markers()
    {
        var store = new FakeStore((request, _) => Task.FromResult(FakeStore.Answer(HttpStatusCode.OK, Matrix(Query(request.RequestUri!)))));
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now));
        var ring = new ConsoleHistory();
        ring.Add(End - 5, new Dictionary<string, double> { ["nats_rtt/mainpc"] = 2.5, ["lag/central"] = 99 });
        ring.Mark(End - 100, "rm: failover edge-hub -> central-hub");
        using var proxy = Proxy(store);

        var root = await WriteAsync(new StoreHistory(ring, time), proxy);

        Assert.Equal("store", root.GetProperty("source").GetString());
        var t = root.GetProperty("t").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(361, t.Count);
        Assert.Equal((Start, End), (t[0], t[^1]));
        var series = root.GetProperty("series");
        Assert.Equal(["backlog/nats pc2", "lag/central (edge-pc2)", "nats_rtt/mainpc", "push_rate/resource_manager/pc2"], series.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.5, series.GetProperty("lag/central (edge-pc2)")[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, series.GetProperty("lag/central (edge-pc2)")[1].ValueKind);
        Assert.Equal(0.5, series.GetProperty("push_rate/resource_manager/pc2")[360].GetDouble());
        Assert.Equal(7, series.GetProperty("backlog/nats pc2")[10].GetDouble());
        Assert.Equal(2.5, series.GetProperty("nats_rtt/mainpc")[360].GetDouble());
        Assert.Equal("rm: failover edge-hub -> central-hub", Assert.Single(root.GetProperty("markers").EnumerateArray()).GetProperty("text").GetString());

        // The hub's own expressions, on the ring's step, with the load's deadline passed to the store.
        Assert.Equal(5, store.Requests.Count);
        Assert.All(store.Requests, r => Assert.Contains($"&start={Start}&end={End}&step=10&timeout=3s", r.Url.Query, StringComparison.Ordinal));
        Assert.Contains("max by (hub, upstream) (dualhub_remote_write_lag_seconds)", store.Requests.Select(r => Query(r.Url)));

        // Reused within 10 s, asked again after.
        await WriteAsync(new StoreHistory(ring, time), proxy);
        var history = new StoreHistory(ring, time);
        await WriteAsync(history, proxy);
        await WriteAsync(history, proxy);
        Assert.Equal(15, store.Requests.Count);
        time.Advance(StoreHistory.MaxAge);
        await WriteAsync(history, proxy);
        Assert.Equal(20, store.Requests.Count);
    }

    [Fact]
    public async Task A_store_that_does_not_answer_gives_the_ring_with_the_reason_and_is_not_asked_again_for_30_s()
    {
        var store = FakeStore.Refusing();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now));
        var ring = new ConsoleHistory();
        ring.Add(End - 5, new Dictionary<string, double> { ["lag/central"] = 4 });
        using var proxy = Proxy(store);
        var history = new StoreHistory(ring, time);

        var root = await WriteAsync(history, proxy);

        Assert.Equal("memory", root.GetProperty("source").GetString());
        Assert.StartsWith("store http://127.0.0.1:8428 unreachable: Connection refused", root.GetProperty("store_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, root.GetProperty("series").GetProperty("lag/central")[0].GetDouble());
        Assert.Single(store.Requests);
        time.Advance(StoreHistory.RetryAfter - TimeSpan.FromSeconds(1));
        Assert.Equal("memory", (await WriteAsync(history, proxy)).GetProperty("source").GetString());
        Assert.Single(store.Requests);
        time.Advance(TimeSpan.FromSeconds(1));
        await WriteAsync(history, proxy);
        Assert.Equal(2, store.Requests.Count);
    }

    [Fact]
    public async Task An_answer_that_is_not_a_matrix_falls_back_to_the_ring_naming_the_store()
    {
        var store = FakeStore.Answering(HttpStatusCode.OK, Result($"{{\"values\":[[{Start},2]]}}"));
        using var proxy = Proxy(store);

        var root = await WriteAsync(new StoreHistory(new ConsoleHistory(), new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now))), proxy);

        Assert.Equal("memory", root.GetProperty("source").GetString());
        Assert.StartsWith("store http://127.0.0.1:8428: query_range answer not understood", root.GetProperty("store_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_holds_none_of_the_series_gives_the_ring()
    {
        var store = FakeStore.Answering(HttpStatusCode.OK, Result(string.Empty));
        using var proxy = Proxy(store);

        var root = await WriteAsync(new StoreHistory(new ConsoleHistory(), new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now))), proxy);

        Assert.Equal("memory", root.GetProperty("source").GetString());
        Assert.Equal("store http://127.0.0.1:8428 holds none of the charted series", root.GetProperty("store_error").GetString());
        Assert.Equal(5, store.Requests.Count);
    }

    private static string Query(Uri url) =>
        Uri.UnescapeDataString(url.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("query=", StringComparison.Ordinal))["query=".Length..]);

    /// <summary>A store holding one forwarding lag, one NATS backlog and one agent's push rate.</summary>
    private static string Matrix(string query) => query switch
    {
        _ when query.Contains("dualhub_remote_write_lag_seconds", StringComparison.Ordinal) =>
            Result($"{{\"metric\":{{\"hub\":\"edge-pc2\",\"upstream\":\"central\"}},\"values\":[[{Start},\"1.5\"],[{Start + 20},\"2\"]]}}"),
        _ when query.Contains("dualhub_nats_publish_pending_samples", StringComparison.Ordinal) =>
            Result($"{{\"metric\":{{\"node\":\"pc2\"}},\"values\":[[{Start + 100},\"7\"]]}}"),
        _ when query.Contains("dualhub_push_sequence", StringComparison.Ordinal) =>
            Result($"{{\"metric\":{{\"job\":\"resource_manager\",\"instance\":\"pc2\"}},\"values\":[[{End},\"0.5\"]]}}"),
        _ => Result(string.Empty),
    };

    private static string Result(string series) => $"{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{series}]}}}}";

    private static QueryProxy Proxy(FakeStore store) =>
        new(HubConfigLoader.Parse("query:\n  url: http://127.0.0.1:8428\n").Query, null, TimeProvider.System, NullLogger.Instance, store);

    private static async Task<JsonElement> WriteAsync(StoreHistory history, QueryProxy proxy)
    {
        using var ms = new MemoryStream();
        await using (var w = new Utf8JsonWriter(ms))
        {
            await history.WriteJsonAsync(w, proxy, CancellationToken.None);
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(ms.ToArray())).RootElement.Clone();
    }
}
