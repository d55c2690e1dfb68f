using System.Buffers;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using Google.Protobuf;
using Generated = DualHub.Metrics.RemoteWrite.Generated;

namespace DualHub.Benchmarks.Metrics;

/// <summary>Remote-write request of N series with one sample each (a scrape's worth): hand-written codec against Google.Protobuf-generated prompb.</summary>
[MemoryDiagnoser]
public class RemoteWriteBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1 << 22);
    private WriteRequest _request = new();
    private Generated.WriteRequest _generated = new();
    private byte[] _protobuf = [];
    private byte[] _compressed = [];

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = new WriteRequest();
        for (var i = 0; i < Series; i++)
        {
            _request.Series.Add(new TimeSeries
            {
                Labels =
                [
                    new("__name__", "app_metric_" + (i / 50).ToString(CultureInfo.InvariantCulture)),
                    new("instance", "host-" + (i % 7).ToString(CultureInfo.InvariantCulture) + ":9100"),
                    new("job", "bench"),
                    new("path", "/api/v1/items/" + (i % 50).ToString(CultureInfo.InvariantCulture)),
                ],
                Samples = [new(i * 1.5, 1_700_000_000_000 + i)],
            });
        }

        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.Encode(_request, buffer);
        _protobuf = buffer.WrittenSpan.ToArray();
        buffer.ResetWrittenCount();
        RemoteWriteCodec.EncodeCompressed(_request, buffer);
        _compressed = buffer.WrittenSpan.ToArray();
        _generated = Generated.WriteRequest.Parser.ParseFrom(_protobuf);
    }

    [Benchmark]
    public int EncodeHandWritten()
    {
        _output.ResetWrittenCount();
        RemoteWriteCodec.Encode(_request, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int EncodeGenerated()
    {
        _output.ResetWrittenCount();
        var size = _generated.CalculateSize();
        _generated.WriteTo(_output.GetSpan(size)[..size]);
        _output.Advance(size);
        return size;
    }

    [Benchmark]
    public int DecodeHandWritten() => RemoteWriteCodec.Decode(_protobuf).Series.Count;

    [Benchmark]
    public int DecodeGenerated() => Generated.WriteRequest.Parser.ParseFrom(_protobuf).Timeseries.Count;

    [Benchmark]
    public int EncodeCompressed()
    {
        _output.ResetWrittenCount();
        RemoteWriteCodec.EncodeCompressed(_request, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int DecodeCompressed() => RemoteWriteCodec.DecodeCompressed(_compressed).Series.Count;
}
