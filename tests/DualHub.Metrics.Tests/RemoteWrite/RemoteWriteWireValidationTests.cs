using System.Buffers;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.RemoteWrite;

/// <summary>The wire-form validation a receiver uses must say exactly what the object validation says.</summary>
public class RemoteWriteWireValidationTests
{
    [Theory]
    [InlineData(null, "__name__=up", "instance=a:1", "job=j")]
    [InlineData("series 1: labels not sorted: \"instance\" after \"job\"", "__name__=up", "job=j", "instance=i")]
    [InlineData("series 1: duplicate label name \"job\"", "__name__=up", "job=j", "job=k")]
    [InlineData("series 1: empty label name", "=x", "__name__=up")]
    [InlineData("series 1: empty value for label \"job\"", "__name__=up", "job=")]
    [InlineData("series 1: no __name__ label", "job=j")]
    [InlineData("series 1: invalid label name \"a-b\"", "__name__=up", "a-b=1")]
    [InlineData("series 1: invalid metric name \"1up\"", "__name__=1up")]
    [InlineData("series 1: labels not sorted: \"a\" after \"b\"", "__name__=1up", "b=1", "a=2")]
    [InlineData(null, "__name__=a:b_c", "x=ünïcode")]
    public void Wire_validation_gives_the_same_reason_and_counts_samples(string? expected, params string[] pairs)
    {
        var labels = pairs.Select(p => p.Split('=', 2)).Select(p => new Label(p[0], p[1])).ToArray();
        var request = new WriteRequest();
        request.Series.Add(new TimeSeries { Labels = [new("__name__", "ok"), new("job", "j")], Samples = [new(1, 1), new(2, 2)] });
        request.Series.Add(new TimeSeries { Labels = labels, Samples = [new(1, 1)] });
        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.Encode(request, buffer);

        var wire = RemoteWriteWireValidation.Validate(buffer.WrittenSpan, out var samples);

        Assert.Equal(expected, wire);
        Assert.Equal(RemoteWriteValidation.Validate(RemoteWriteCodec.Decode(buffer.WrittenSpan)), wire);
        if (expected is null)
        {
            Assert.Equal(3, samples);
        }
    }

    [Fact]
    public void Malformed_protobuf_and_invalid_utf8_are_parse_errors()
    {
        Assert.Throws<MetricsParseException>(() => RemoteWriteWireValidation.Validate([0x0A, 0x7F, 0x01], out _));
        byte[] badUtf8 = [0x0A, 0x08, 0x0A, 0x06, 0x0A, 0x01, 0x61, 0x12, 0x01, 0xFF];
        var ex = Assert.Throws<MetricsParseException>(() => RemoteWriteWireValidation.Validate(badUtf8, out _));
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }
}
