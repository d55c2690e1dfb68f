using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Scrape;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Benchmarks.Scrape;

/// <summary>
/// One steady-state scrape of the edge benchmark's target (100k gauges, as bench/edge-compare.py serves them) into a
/// journal record: the family parser + flattener (before) against the series-cache path (after).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes in GlobalCleanup.")]
public class ScrapeCycleBenchmarks
{
    private static readonly Label[] s_target = [new("instance", "127.0.0.1:9999"), new("job", "bench")];
    private static readonly Label[] s_external = [new("agent", "dualhub")];
    private readonly FamilyFlattener _flattener = new();
    private byte[] _body = [];
    private SampleBatchBuilder _batch = null!;
    private ScrapeSeriesCache _cache = null!;
    private long _ts = 1_700_000_000_000;

    [Params(100_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Series; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"bench_series{{id=\"{i}\",group=\"g{i % 100}\"}} {i % 1000}\n");
        }

        _body = Encoding.UTF8.GetBytes(sb.ToString());
        _batch = new SampleBatchBuilder(16 << 20);
        _cache = new ScrapeSeriesCache(new ScrapeTarget("bench", new Uri("http://127.0.0.1:9999/metrics"), s_target, s_external, false, true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(9), null));
        Cached(); // the first scrape fills the cache
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batch.Dispose();
        _cache.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int FamilyParserAndFlattener()
    {
        _batch.Reset();
        var families = TextParser.Parse(_body);
        return _flattener.Flatten(families, s_target, s_external, false, true, _ts, _batch, null).Samples;
    }

    [Benchmark]
    public int Cached()
    {
        _batch.Reset();
        _ts += 10_000;
        _cache.BeginScrape(_ts);
        var rest = TextParser.Parse(_body, _cache);
        _flattener.Flatten(rest, s_target, s_external, false, true, _ts, _batch, _cache);
        _cache.EndScrape(_batch, _ts);
        return _cache.Samples;
    }
}
