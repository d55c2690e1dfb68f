using System.Buffers;
using DualHub.Hub.Receive;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;
using Snappier;

namespace DualHub.Fuzz.Targets;

/// <summary>
/// Remote-write 1.0 bodies: the receiver's steps (snappy length header within the receiver's bound, decompression to
/// exactly that length, validation on the wire form) and the object codec must decide the same, with the same reason.
/// </summary>
internal static class RemoteWriteTarget
{
    /// <summary>The input is the HTTP body: a snappy block.</summary>
    public static FuzzOutcome RunCompressed(ReadOnlySpan<byte> input)
    {
        int length;
        try
        {
            length = SnappyBlock.DeclaredLength(input);
        }
        catch (MetricsParseException)
        {
            return FuzzOutcome.Refused;
        }

        if (length < 0 || length > RemoteWriteReceiver.MaxUncompressedBytes)
        {
            return FuzzOutcome.Refused;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length + 1);
        try
        {
            try
            {
                SnappyBlock.Decompress(input, length, buffer);
            }
            catch (MetricsParseException)
            {
                return FuzzOutcome.Refused;
            }

            return RunUncompressed(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The input is an uncompressed WriteRequest (mutating it is more fruitful than mutating snappy).</summary>
    public static FuzzOutcome RunUncompressed(ReadOnlySpan<byte> input)
    {
        var wire = Wire(input);
        var objects = Objects(input);
        if (wire != objects && !BothRefuse(wire, objects))
        {
            throw new FuzzInvariantException($"wire validation says '{wire}', the object codec '{objects}'");
        }

        if (input.Length < 1 << 16)
        {
            var compressed = Snappy.CompressToArray(input);
            var viaSnappy = Objects(compressed, decompress: true);
            if (viaSnappy != objects)
            {
                throw new FuzzInvariantException($"after snappy the object codec says '{viaSnappy}', before it '{objects}'");
            }
        }

        return wire.StartsWith("ok ", StringComparison.Ordinal) ? FuzzOutcome.Accepted : FuzzOutcome.Refused;
    }

    /// <summary>
    /// The wire path stops at the first invalid series without reading the rest, the object codec decodes the whole body
    /// first: for a body that is both, one names the invalid series, the other the malformed protobuf. Both are a 400.
    /// </summary>
    private static bool BothRefuse(string wire, string objects) =>
        (wire == "malformed" && objects.StartsWith("invalid: ", StringComparison.Ordinal))
        || (objects == "malformed" && wire.StartsWith("invalid: ", StringComparison.Ordinal));

    private static string Wire(ReadOnlySpan<byte> input)
    {
        try
        {
            return RemoteWriteWireValidation.Validate(input, out var samples) is { } reason ? "invalid: " + reason : $"ok {samples}";
        }
        catch (MetricsParseException)
        {
            return "malformed";
        }
    }

    private static string Objects(ReadOnlySpan<byte> input, bool decompress = false)
    {
        WriteRequest request;
        try
        {
            request = decompress ? RemoteWriteCodec.DecodeCompressed(input) : RemoteWriteCodec.Decode(input);
        }
        catch (MetricsParseException)
        {
            return "malformed";
        }

        if (RemoteWriteValidation.Validate(request) is { } reason)
        {
            return "invalid: " + reason;
        }

        var reencoded = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.Encode(request, reencoded);
        var again = Wire(reencoded.WrittenSpan);
        var samples = request.Series.Sum(s => s.Samples.Length);
        return again == $"ok {samples}" ? again : $"re-encoded as '{again}'";
    }
}
