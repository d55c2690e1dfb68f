using DualHub.Fuzz.Targets;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Fuzz;

/// <summary>Every fuzz target by the name the harness takes and the corpus folder uses (tests/fuzz-corpus/NAME).</summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzCheck> All { get; } = new Dictionary<string, FuzzCheck>(StringComparer.Ordinal)
    {
        ["text"] = TextTarget.Run,
        ["openmetrics"] = static input => RoundTrip.ParseAndReparse(input, "OpenMetrics", OpenMetricsParser.Parse, OpenMetricsWriter.Write),
        ["protobuf"] = static input =>
            RoundTrip.ParseAndReparse(input, "delimited protobuf", static span => ProtobufParser.ParseDelimited(span), ProtobufWriter.WriteDelimited),
        ["remote-write"] = RemoteWriteTarget.RunCompressed,
        ["remote-write-proto"] = RemoteWriteTarget.RunUncompressed,
        ["grouping-key"] = GroupingKeyTarget.Run,
        ["hub-config"] = ConfigTargets.RunHub,
        ["agent-config"] = ConfigTargets.RunAgent,
    };
}
