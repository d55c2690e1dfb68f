using System.Buffers;
using BenchmarkDotNet.Attributes;
using DualHub.Metrics.Model;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Benchmarks.Metrics;

/// <summary>Parse and write of text 0.0.4, OpenMetrics and delimited protobuf payloads (series counted as exposed samples).</summary>
[MemoryDiagnoser]
public class MetricsFormatBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private List<MetricFamily> _families = [];
    private byte[] _text = [];
    private byte[] _openMetrics = [];
    private byte[] _protobuf = [];

    [Params(1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _families = MetricsPayload.Create(Series);
        _text = MetricsPayload.Serialize(_families, TextWriter004.Write);
        _openMetrics = MetricsPayload.Serialize(_families, OpenMetricsWriter.Write);
        _protobuf = MetricsPayload.Serialize(_families, ProtobufWriter.WriteDelimited);
    }

    [Benchmark]
    public int ParseText() => TextParser.Parse(_text).Count;

    [Benchmark]
    public int ParseOpenMetrics() => OpenMetricsParser.Parse(_openMetrics).Count;

    [Benchmark]
    public int ParseProtobuf() => ProtobufParser.ParseDelimited(_protobuf).Count;

    [Benchmark]
    public int WriteText()
    {
        _output.ResetWrittenCount();
        TextWriter004.Write(_output, _families);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int WriteOpenMetrics()
    {
        _output.ResetWrittenCount();
        OpenMetricsWriter.Write(_output, _families);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int WriteProtobuf()
    {
        _output.ResetWrittenCount();
        ProtobufWriter.WriteDelimited(_output, _families);
        return _output.WrittenCount;
    }
}
