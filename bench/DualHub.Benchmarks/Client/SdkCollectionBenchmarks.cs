using System.Buffers;
using System.Diagnostics.Metrics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using DualHub.Client.Collection;
using DualHub.Metrics.Text;

namespace DualHub.Benchmarks.Client;

/// <summary>The SDK's hot path (a measurement on an existing series) and one push's collection + text rendering of 1k series.</summary>
[MemoryDiagnoser]
public class SdkCollectionBenchmarks : IDisposable
{
    private Meter _meter = null!;
    private Counter<long> _counter = null!;
    private MeterCollector _collector = null!;
    private KeyValuePair<string, object?>[][] _tags = null!;
    private ArrayBufferWriter<byte> _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("Bench.Sdk." + Guid.NewGuid().ToString("N"));
        _counter = _meter.CreateCounter<long>("app_requests");
        _collector = new MeterCollector(m => m == _meter, scope: null);
        _tags = Enumerable.Range(0, 1000)
            .Select(i => new KeyValuePair<string, object?>[] { new("route", "/r" + (i / 10).ToString(CultureInfo.InvariantCulture)), new("code", 200 + (i % 10)) })
            .ToArray();
        foreach (var t in _tags)
        {
            _counter.Add(1, t);
        }

        _buffer = new ArrayBufferWriter<byte>(1 << 16);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One Counter.Add with two tags on an existing series, through the SDK's listener.</summary>
    [Benchmark]
    public void RecordExistingSeries() => _counter.Add(1, _tags[7]);

    /// <summary>Collect 1000 series and render them as text 0.0.4 (what each push does).</summary>
    [Benchmark]
    public int CollectAndRender1kSeries()
    {
        _buffer.ResetWrittenCount();
        TextWriter004.Write(_buffer, _collector.Collect());
        return _buffer.WrittenCount;
    }
}
