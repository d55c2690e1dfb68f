using BenchmarkDotNet.Attributes;
using DualHub.Benchmarks.Scrape;
using DualHub.Hub.CentralIngest;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Benchmarks.Receive;

/// <summary>
/// The receive path's in-place work on one uncompressed 100k-series WriteRequest (the edge benchmark's scrape): the
/// wire validation every receiver runs, and the central view and ingest filter (steady state: every series known).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes in GlobalCleanup.")]
public class ReceiveBenchmarks
{
    private readonly LatestSampleStore _view = new();
    private readonly FilteredBatch _kept = new();
    private byte[] _record = [];

    [Params(100_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _record = EdgeRecord.Record(Series);
        _view.Apply(_record);
    }

    [GlobalCleanup]
    public void Cleanup() => _kept.Dispose();

    [Benchmark]
    public int ValidateWire() => RemoteWriteWireValidation.Validate(_record, out var samples) is null ? samples : -1;

    /// <summary>The central view applying a batch it already holds (a key lookup per series, nothing changes).</summary>
    [Benchmark]
    public int ViewApply() => _view.Apply(_record);

    /// <summary>The central ingest filter dropping a batch delivered twice (every sample a duplicate).</summary>
    [Benchmark]
    public int FilterDuplicates()
    {
        _kept.Reset();
        return _view.FilterNewer(_record, _kept).Duplicates;
    }
}
