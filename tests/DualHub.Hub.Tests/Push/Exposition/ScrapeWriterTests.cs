using System.Text;
using DualHub.Hub.Push.Exposition;
using DualHub.Hub.Push.Store;
using DualHub.Metrics.Model;
using static DualHub.Hub.Tests.TestData;

namespace DualHub.Hub.Tests.Push.Exposition;

public sealed class ScrapeWriterTests
{
    [Fact]
    public void Families_are_sorted_and_series_of_all_groups_are_merged_in_go_order()
    {
        var store = new PushStore(Self);
        Submit(store, Put(Group("job", "b"), "# HELP m From b.\nm{code=\"2\"} 1\nm{code=\"4\"} 1\nz 1\n"));
        Submit(store, Put(Group("job", "a"), "m{code=\"1\"} 1\nm{code=\"3\"} 1\nm 9\n"));
        var self = new MetricFamily("process_start_time_seconds", MetricType.Gauge) { Help = "Own." };
        self.Metrics.Add(new Metric { Value = 5 });

        var text = Render(store, [self]);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("push_", StringComparison.Ordinal) && !l.StartsWith("# HELP push_", StringComparison.Ordinal) && !l.StartsWith("# TYPE push_", StringComparison.Ordinal));
        Assert.Equal(
            [
                "# HELP m From b.",
                "# TYPE m untyped",
                "m{instance=\"\",job=\"a\"} 9",
                "m{code=\"1\",instance=\"\",job=\"a\"} 1",
                "m{code=\"2\",instance=\"\",job=\"b\"} 1",
                "m{code=\"3\",instance=\"\",job=\"a\"} 1",
                "m{code=\"4\",instance=\"\",job=\"b\"} 1",
                "# HELP process_start_time_seconds Own.",
                "# TYPE process_start_time_seconds gauge",
                "process_start_time_seconds 5",
                "# TYPE z untyped",
                "z{instance=\"\",job=\"b\"} 1",
            ],
            lines);
        Assert.Contains("push_time_seconds{instance=\"\",job=\"a\"} 1\npush_time_seconds{instance=\"\",job=\"b\"} 1\n", text);
    }

    [Fact]
    public void Cached_chunks_are_rebuilt_only_for_written_groups()
    {
        var store = new PushStore(Self);
        Submit(store, Put(Group("job", "a"), "x 1\n"));
        Submit(store, Put(Group("job", "b"), "y 1\n"));
        _ = Render(store, []);
        var cachedA = store.Get(Group("job", "a"))!.Families["x"];
        Submit(store, Put(Group("job", "b"), "y 2\n", 2_000_000_000));
        Assert.Same(cachedA, store.Get(Group("job", "a"))!.Families["x"]);
        Assert.Contains("y{instance=\"\",job=\"b\"} 2\n", Render(store, []));
    }

    private static string Render(PushStore store, IReadOnlyList<MetricFamily> self)
    {
        var sb = new StringBuilder();
        foreach (var piece in ScrapeWriter.Pieces(store.Snapshot(), 0, self, openMetrics: false))
        {
            sb.Append(Encoding.UTF8.GetString(piece.Span));
        }

        return sb.ToString();
    }
}
