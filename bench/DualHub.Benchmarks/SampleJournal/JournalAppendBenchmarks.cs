using BenchmarkDotNet.Attributes;
using DualHub.Benchmarks.Scrape;
using DualHub.Hub.SampleJournal;

namespace DualHub.Benchmarks.SampleJournal;

/// <summary>
/// Committing one 100k-series scrape (about 12 MB) to the SQLite sample journal (synchronous=FULL): as one record, and
/// as the scrape loop journals it, in records of 2 MiB.
/// </summary>
[MemoryDiagnoser]
public class JournalAppendBenchmarks
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dualhub-bench-journal-" + Guid.NewGuid().ToString("N"));
    private byte[] _record = [];
    private List<byte[]> _records = [];
    private SqliteSampleLog _log = null!;

    [Params(100_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _record = EdgeRecord.Record(Series);
        _records = EdgeRecord.Records(Series, 2 << 20);
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

    /// <summary>The scrape's 2 MiB records, one commit each (the scrape loop before scrapes were atomic).</summary>
    [Benchmark]
    public async Task<long> AppendRecordsOneCommitEach()
    {
        long last = 0;
        foreach (var r in _records)
        {
            last = await _log.AppendAsync(r, 1);
        }

        return last;
    }

    /// <summary>The scrape's 2 MiB records in one commit (AppendAllAsync, as the scrape loop journals a scrape now).</summary>
    [Benchmark]
    public async Task<long> AppendRecordsInOneCommit() => await _log.AppendAllAsync(new Records(_records));

    /// <summary>Yields the records as the scrape loop does, one at a time.</summary>
    private sealed class Records(List<byte[]> records) : IRecordSource
    {
        private int _next;

        public bool TryWriteNext(out ReadOnlyMemory<byte> record, out int sampleCount)
        {
            sampleCount = 1;
            if (_next == records.Count)
            {
                record = default;
                return false;
            }

            record = records[_next++];
            return true;
        }
    }
}
