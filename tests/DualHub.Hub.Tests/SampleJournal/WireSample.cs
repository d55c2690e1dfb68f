using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Tests.SampleJournal;

/// <summary>Test-side view of journal records, decoded with the Metrics remote-write codec into readable samples.</summary>
internal sealed record WireSample(string Series, long TimestampMs, long ValueBits)
{
    public double Value => BitConverter.Int64BitsToDouble(ValueBits);

    public static List<WireSample> Decode(ReadOnlySpan<byte> writeRequest)
    {
        var result = new List<WireSample>();
        foreach (var ts in RemoteWriteCodec.Decode(writeRequest).Series)
        {
            var series = "{" + string.Join(",", ts.Labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";
            foreach (var s in ts.Samples)
            {
                result.Add(new WireSample(series, s.TimestampMs, BitConverter.DoubleToInt64Bits(s.Value)));
            }
        }

        return result;
    }
}
