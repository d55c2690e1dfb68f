using System.Buffers;
using System.Text;
using System.Text.Json;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.Query;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.CentralIngest;

public class LatestSampleStoreTests
{
    private const long T = 1_700_000_000_000;

    [Fact]
    public void Older_sample_never_overwrites_newer_and_duplicates_count_once()
    {
        var store = new LatestSampleStore();
        Assert.Equal(1, store.Apply(Batch(("m", "a", T + 10, 2.0))));
        Assert.Equal(0, store.Apply(Batch(("m", "a", T + 5, 1.0))));
        Assert.Equal(0, store.Apply(Batch(("m", "a", T + 10, 2.0))));
        Assert.Equal(1, store.Apply(Batch(("m", "a", T + 20, 3.0))));

        var s = Assert.Single(store.Select(SelectorParser.Parse("m"), T + 30, 300_000));
        Assert.Equal((T + 20, 3.0), (s.TimestampMs, s.Value));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void A_sweep_forgets_series_not_updated_in_the_generations_kept_and_keeps_the_rest()
    {
        var store = new LatestSampleStore();
        store.Apply(Batch(("m", "quiet", T, 1.0), ("m", "busy", T, 1.0)));
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(0, store.Sweep(keep: 3));
            store.Apply(Batch(("m", "busy", T + i, 1.0)));
        }

        Assert.Equal(1, store.Sweep(keep: 3));
        Assert.Equal("busy", Assert.Single(store.Select(SelectorParser.Parse("m"), T + 10, 300_000)).Labels.Single(l => l.Name == "k").Value);

        // Forgotten like after a restart whose journal no longer holds it: its next sample is new again.
        Assert.Equal(1, store.Apply(Batch(("m", "quiet", T, 1.0))));
    }

    [Fact]
    public void Beyond_max_series_new_series_are_not_held_but_counted_and_held_ones_still_update()
    {
        var store = new LatestSampleStore(maxSeries: 2);
        Assert.Equal(3, store.Apply(Batch(("m", "a", T, 1.0), ("m", "b", T, 1.0))) + store.Apply(Batch(("m", "a", T + 1, 2.0))));
        Assert.Equal(0, store.Apply(Batch(("m", "c", T, 1.0))));
        Assert.Equal((2, 1L), (store.Count, store.SeriesNotHeld));

        using var kept = new FilteredBatch();
        Assert.Equal(new IngestCounts(2, 0, 0, 0), store.FilterNewer(Batch(("m", "c", T + 1, 1.0), ("m", "b", T + 1, 3.0)), kept));
        Assert.Equal((2, 2L), (store.Count, store.SeriesNotHeld));

        store.Sweep(keep: 1);
        store.Sweep(keep: 1);
        Assert.Equal(0, store.Count);
        Assert.Equal(1, store.Apply(Batch(("m", "c", T + 2, 1.0))));
    }

    [Theory]
    // m{k="abc"}: one label as a push counts it (the name is not one), named "k", valued "abc".
    [InlineData(1, 1, 3, true)]
    [InlineData(0, 1, 3, false)]
    [InlineData(1, 0, 3, false)]
    [InlineData(1, 1, 2, false)]
    public void A_series_with_labels_over_the_push_limits_is_not_held_but_counted_and_still_kept_for_the_journal(int maxLabels, int maxName, int maxValue, bool held)
    {
        var store = new LatestSampleStore(maxSeries: 10, maxLabelsPerSeries: maxLabels, maxLabelNameLength: maxName, maxLabelValueLength: maxValue);

        using var kept = new FilteredBatch();
        Assert.Equal(new IngestCounts(1, 0, 0, 0), store.FilterNewer(Batch(("m", "abc", T, 1.0)), kept));
        Assert.Equal(held ? 1 : 0, store.Apply(Batch(("m", "abc", T + 1, 2.0))));

        Assert.Equal((held ? 1 : 0, held ? 0L : 2L), (store.Count, store.SeriesNotHeld));
    }

    [Fact]
    public void A_pushed_histogram_bucket_at_the_label_limit_is_held_with_its_le()
    {
        var store = new LatestSampleStore(maxSeries: 10, maxLabelsPerSeries: 1, maxLabelNameLength: 8, maxLabelValueLength: 8);
        using var b = new SampleBatchBuilder();
        b.Add("h_bucket", [new Label("k", "a"), new Label("le", "+Inf")], T, 1);

        Assert.Equal(1, store.Apply(b.Written.Span));
        Assert.Equal(0L, store.SeriesNotHeld);
    }

    [Fact]
    public void Stale_marker_hides_a_series_until_a_newer_sample()
    {
        var store = new LatestSampleStore();
        store.Apply(Batch(("m", "a", T, 1.0)));
        store.Apply(Batch(("m", "a", T + 1, StaleMarker.Value)));
        Assert.Empty(store.Select(SelectorParser.Parse("m"), T + 2, 300_000));
        Assert.Empty(store.ToFamilies());
        store.Apply(Batch(("m", "a", T + 2, 5.0)));
        Assert.Single(store.Select(SelectorParser.Parse("m"), T + 3, 300_000));
    }

    [Theory]
    [InlineData("m", 3)]
    [InlineData("m{k=\"a\"}", 1)]
    [InlineData("m{k!=\"a\"}", 2)]
    [InlineData("m{k=~\"a|b\"}", 2)]
    [InlineData("m{k=~\"a\"}", 1)]
    [InlineData("m{k=~\".\"}", 2)]
    [InlineData("m{k!~\"a.*\"}", 1)]
    [InlineData("{__name__=~\"m|n\"}", 4)]
    [InlineData("{k='ab'}", 1)]
    [InlineData("m{missing=\"\"}", 3)]
    [InlineData("m{k=~\"b\",k!=\"b\"}", 0)]
    public void Selectors_match_like_promql(string selector, int expected)
    {
        var store = new LatestSampleStore();
        store.Apply(Batch(("m", "a", T, 1), ("m", "b", T, 2), ("m", "ab", T, 3), ("n", "a", T, 4)));
        Assert.Equal(expected, store.Select(SelectorParser.Parse(selector), T + 1, 300_000).Count);
    }

    // Selectors come over HTTP: a pattern with nested loops matches in linear time, as RE2 does, with RE2's answer.
    [Fact]
    public void A_regex_with_nested_loops_matches_as_promql_does()
    {
        var store = new LatestSampleStore();
        store.Apply(Batch(("m", new string('a', 64), T, 1), ("m", "b", T, 2)));
        Assert.Single(store.Select(SelectorParser.Parse("m{k=~\"(a+)+b|a*\"}"), T + 1, 300_000));
        Assert.Single(store.Select(SelectorParser.Parse("m{k!~\"(a+)+b|a*\"}"), T + 1, 300_000));
    }

    [Theory]
    [InlineData("", "empty query")]
    [InlineData("{}", "at least one non-empty matcher")]
    [InlineData("{a=~\".*\"}", "at least one non-empty matcher")]
    [InlineData("m{a=\"x\"", "expected ',' or '}'")]
    [InlineData("m{a~\"x\"}", "expected one of =, !=, =~, !~")]
    [InlineData("rate(m[5m])", "only instant vector selectors")]
    [InlineData("m{a=~\"(\"}", "invalid regular expression")]
    [InlineData("m{a=~\"a(?=b)\"}", "invalid regular expression")]
    [InlineData("m{a=\"x}", "unterminated quoted string")]
    public void Bad_selectors_are_rejected_with_the_reason(string selector, string reason)
    {
        var ex = Assert.Throws<SelectorParseException>(() => SelectorParser.Parse(selector));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_api_answers_prometheus_json()
    {
        var store = new LatestSampleStore();
        store.Apply(Batch(("m", "a", T, 1.5), ("m", "b", T - 400_000, 2)));
        var api = new QueryApi(store, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T + 1000)));

        var output = new ArrayBufferWriter<byte>();
        Assert.Equal(200, api.Query("m", null, null, output));
        using var doc = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("vector", doc.RootElement.GetProperty("data").GetProperty("resultType").GetString());
        var r = Assert.Single(doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal("a", r.GetProperty("metric").GetProperty("k").GetString());
        Assert.Equal("m", r.GetProperty("metric").GetProperty("__name__").GetString());
        Assert.Equal(1_700_000_001.0, r.GetProperty("value")[0].GetDouble());
        Assert.Equal("1.5", r.GetProperty("value")[1].GetString());

        var series = new ArrayBufferWriter<byte>();
        Assert.Equal(200, api.Series(["m"], null, null, series));
        using var sdoc = JsonDocument.Parse(series.WrittenMemory);
        Assert.Equal(2, sdoc.RootElement.GetProperty("data").GetArrayLength());

        var bad = new ArrayBufferWriter<byte>();
        Assert.Equal(400, api.Query("m{", null, null, bad));
        Assert.Contains("\"errorType\":\"bad_data\"", Encoding.UTF8.GetString(bad.WrittenSpan), StringComparison.Ordinal);
    }

    private static byte[] Batch(params (string Name, string K, long Ts, double V)[] samples)
    {
        using var b = new SampleBatchBuilder();
        foreach (var s in samples)
        {
            b.Add(s.Name, [new Label("k", s.K)], s.Ts, s.V);
        }

        return b.Written.ToArray();
    }
}
