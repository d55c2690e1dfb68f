using BenchmarkDotNet.Attributes;
using DualHub.Benchmarks.Scrape;
using DualHub.Hub.SampleLog;

namespace DualHub.Benchmarks.SampleLog;

/// <summary>Committing one 100k-series scrape record (about 12 MB) to the SQLite sample journal (synchronous=FULL).</summary>
[MemoryDiagnoser]
public class JournalAppendBenchmarks
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dualhub-bench-journal-" + Guid.NewGuid().ToString("N"));
    private byte[] _record = [];
    private SqliteSampleLog _log = null!;

    [Params(100_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _record = EdgeRecord.Record(Series);
        _log = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "s.db"), MaxBytes = 64L << 20 }, TimeProvider.System);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _log.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark]
    public async Task<long> Append() => await _log.AppendAsync(_record, Series);
}
