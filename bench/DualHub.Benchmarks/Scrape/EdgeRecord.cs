using System.Globalization;
using System.Text;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Scrape;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Benchmarks.Scrape;

/// <summary>The edge benchmark's target (bench/edge-compare.py) and the journal record one scrape of it makes.</summary>
internal static class EdgeRecord
{
    public static readonly Label[] TargetLabels = [new("instance", "127.0.0.1:9999"), new("job", "bench")];
    public static readonly Label[] ExternalLabels = [new("agent", "dualhub")];

    public static byte[] Body(int series)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < series; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"bench_series{{id=\"{i}\",group=\"g{i % 100}\"}} {i % 1000}\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static ScrapeTarget Target() =>
        new("bench", new Uri("http://127.0.0.1:9999/metrics"), TargetLabels, ExternalLabels, false, true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(9), null);

    /// <summary>One scrape's record: the WriteRequest body the scrape loop journals.</summary>
    public static byte[] Record(int series)
    {
        using var cache = new ScrapeSeriesCache(Target());
        using var batch = new SampleBatchBuilder(1 << 20);
        cache.BeginScrape(1_700_000_000_000);
        TextParser.Parse(Body(series), cache);
        cache.EndScrape(batch, 1_700_000_000_000);
        return batch.Written.ToArray();
    }

    /// <summary>One scrape's records as the scrape loop journals them: WriteRequest bodies of about <paramref name="recordBytes"/> each.</summary>
    public static List<byte[]> Records(int series, int recordBytes)
    {
        using var cache = new ScrapeSeriesCache(Target());
        using var batch = new SampleBatchBuilder(1 << 20);
        cache.BeginScrape(1_700_000_000_000);
        TextParser.Parse(Body(series), cache);
        cache.CollectStale(1_700_000_000_000);
        var records = new List<byte[]>();
        bool more;
        do
        {
            batch.Reset();
            more = cache.WriteOutput(batch, recordBytes);
            records.Add(batch.Written.ToArray());
        }
        while (more);

        cache.Finish();
        return records;
    }
}
