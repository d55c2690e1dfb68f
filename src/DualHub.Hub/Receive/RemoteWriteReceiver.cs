using System.Buffers;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Receive;

/// <summary>
/// <c>POST /api/v1/write</c> (and the NATS consumer): checks encoding, decodes and validates with the Metrics remote-write
/// codec, journals the batch (so an edge forwards what it receives) and only then answers 2xx. In the central role the
/// journal is a <see cref="CentralIngestJournal"/>: only samples newer than the view are journaled, duplicates and
/// out-of-order samples are dropped and counted per path, and the request is still answered 2xx. Prometheus 2.42's
/// receiver answers 400 for an out-of-order sample (rolling back the whole request) and 204 for an exact duplicate of
/// the newest; here the newer samples of the same request are committed, so a 400 would be false and a 5xx would be
/// retried forever, and the spec lets a receiver acknowledge a duplicate.
/// </summary>
public sealed class RemoteWriteReceiver
{
    public const int MaxCompressedBytes = 32 << 20;
    public const int MaxUncompressedBytes = RemoteWriteCodec.DefaultMaxDecompressedBytes * 4;

    private readonly ISampleLog _journal;
    private readonly IngestPath _path;

    /// <param name="journal">Where accepted batches go (a central journal filters them).</param>
    /// <param name="path">The path counted for duplicates dropped by a central journal.</param>
    public RemoteWriteReceiver(ISampleLog journal, IngestPath path = IngestPath.Http)
    {
        _journal = journal;
        _path = path;
    }

    /// <summary>
    /// The memory a request of <paramref name="contentLength"/> bytes can take: its body and the pooled buffer its snappy
    /// block decompresses into (at most <see cref="SnappyBlock.MaxExpansion"/> times the block and the decompressed
    /// limit, rounded up to the pool's power of two); the most when the length is unknown.
    /// </summary>
    public static long ReserveFor(long? contentLength)
    {
        var compressed = Math.Min(contentLength ?? MaxCompressedBytes, MaxCompressedBytes);
        var decompressed = Math.Min(compressed * SnappyBlock.MaxExpansion, MaxUncompressedBytes);
        return compressed + (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)decompressed + 1);
    }

    /// <summary>Content-Type and Content-Encoding checks (415 on mismatch), before the body is read.</summary>
    public static ReceiveResult? CheckHeaders(string? contentType, string? contentEncoding)
    {
        if (contentEncoding is null || !contentEncoding.Trim().Equals("snappy", StringComparison.OrdinalIgnoreCase))
        {
            return ReceiveResult.Fail(415, $"unsupported Content-Encoding \"{contentEncoding}\": remote-write 1.0 requires snappy");
        }

        var media = contentType?.Split(';')[0].Trim();
        if (!string.Equals(media, "application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return ReceiveResult.Fail(415, $"unsupported Content-Type \"{contentType}\": expected application/x-protobuf");
        }

        if (contentType!.Contains("proto=", StringComparison.OrdinalIgnoreCase)
            && !contentType.Contains("proto=prometheus.WriteRequest", StringComparison.OrdinalIgnoreCase))
        {
            return ReceiveResult.Fail(415, $"unsupported Content-Type \"{contentType}\": only remote-write 1.0 (prometheus.WriteRequest) is accepted");
        }

        return null;
    }

    /// <summary>Handles a compressed body; completes after the batch is committed to the journal.</summary>
    public async Task<ReceiveResult> ReceiveAsync(ReadOnlyMemory<byte> compressed, CancellationToken ct)
    {
        if (compressed.Length > MaxCompressedBytes)
        {
            return ReceiveResult.Fail(413, $"body larger than {MaxCompressedBytes} bytes");
        }

        int length;
        try
        {
            length = SnappyBlock.DeclaredLength(compressed.Span);
        }
        catch (MetricsParseException ex)
        {
            return ReceiveResult.Fail(400, ex.Message);
        }

        if (length < 0 || length > MaxUncompressedBytes)
        {
            return ReceiveResult.Fail(413, $"uncompressed body of {length} bytes exceeds {MaxUncompressedBytes}");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length + 1);
        try
        {
            try
            {
                SnappyBlock.Decompress(compressed.Span, length, buffer);
            }
            catch (MetricsParseException ex)
            {
                return ReceiveResult.Fail(400, ex.Message);
            }

            var body = buffer.AsMemory(0, length);
            int samples;
            try
            {
                // Validated on the wire form: no object per series or label on the receive path.
                if (RemoteWriteWireValidation.Validate(body.Span, out samples) is { } error)
                {
                    return ReceiveResult.Fail(400, error);
                }
            }
            catch (MetricsParseException ex)
            {
                return ReceiveResult.Fail(400, ex.Message);
            }

            if (samples > 0)
            {
                if (_journal is CentralIngestJournal central)
                {
                    await central.AppendNewerAsync(body, _path, ct);
                }
                else
                {
                    await _journal.AppendAsync(body, samples, ct);
                }
            }

            return new ReceiveResult(204, null, samples);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
