using System.Buffers;
using System.Numerics;
using CsCheck;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;
using Snappier;

namespace DualHub.Metrics.Tests.RemoteWrite;

public sealed class SnappyBlockTests
{
    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    public void The_compliance_corrupt_body_declaring_48_bytes_is_refused_as_corrupt_input(int present)
    {
        var block = Redeclare(Snappy.CompressToArray(Payload(present)), 48);

        var ex = Assert.Throws<MetricsParseException>(() => RemoteWriteCodec.DecodeCompressed(block));

        Assert.StartsWith("snappy: corrupt input", ex.Message, StringComparison.Ordinal);
        Assert.Contains("48", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(47)]
    [InlineData(61)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(4096)]
    public void Every_declared_size_but_the_real_one_is_refused(int present)
    {
        var compressed = Snappy.CompressToArray(Payload(present));
        int[] declared = [0, 1, present / 2, present - 1, present + 1, (int)BitOperations.RoundUpToPowerOf2((uint)present), (int)BitOperations.RoundUpToPowerOf2((uint)present + 1), present * 2, present + 4096];
        foreach (var d in declared.Where(d => d != present).Distinct())
        {
            var ex = Record.Exception(() => Decompress(Redeclare(compressed, d)));
            Assert.True(ex is MetricsParseException, $"declared {d} of {present}: {ex?.GetType().Name ?? "accepted"}");
            Assert.StartsWith("snappy: corrupt input", ex!.Message, StringComparison.Ordinal);
        }

        Assert.Equal(Payload(present), Decompress(Redeclare(compressed, present)));
    }

    [Fact]
    public void Any_mismatch_between_declared_and_real_size_is_refused_and_an_exact_one_round_trips()
    {
        Gen.Select(Gen.Int[0, 3000], Gen.Frequency((1, Gen.Int[0, 2]), (4, Gen.Int[0, 6000])), Gen.Byte).Sample((present, declared, seed) =>
        {
            var payload = Payload(present, seed);
            var block = Redeclare(Snappy.CompressToArray(payload), declared);
            if (declared == present)
            {
                Assert.Equal(payload, Decompress(block));
            }
            else
            {
                Assert.Throws<MetricsParseException>(() => Decompress(block));
            }
        }, iter: 2000);
    }

    [Fact]
    public void A_missing_or_overlong_length_header_is_corrupt_input()
    {
        Assert.StartsWith("snappy: corrupt input", Assert.Throws<MetricsParseException>(() => SnappyBlock.DeclaredLength([])).Message, StringComparison.Ordinal);
        Assert.StartsWith("snappy: corrupt input", Assert.Throws<MetricsParseException>(() => SnappyBlock.DeclaredLength([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_declaring_more_than_the_data_can_hold_is_refused_before_any_allocation()
    {
        // 6 bytes declaring 100 MB used to make the receiver rent 100 MB before the decompressor failed.
        byte[] block = [0x80, 0xA0, 0x9F, 0x30, 0x00, 0x61];

        var ex = Assert.Throws<MetricsParseException>(() => SnappyBlock.DeclaredLength(block));

        Assert.Equal("snappy: corrupt input: the header declares 101175296 bytes, more than 2 bytes of data can hold", ex.Message);
    }

    [Fact]
    public void The_most_compressible_data_is_still_within_the_bound()
    {
        var zeros = new byte[1 << 20];
        var block = Snappy.CompressToArray(zeros);

        Assert.Equal(zeros.Length, SnappyBlock.DeclaredLength(block));
        Assert.Equal(zeros, Decompress(block));
    }

    private static byte[] Decompress(byte[] block)
    {
        var declared = SnappyBlock.DeclaredLength(block);
        var buffer = ArrayPool<byte>.Shared.Rent(declared + 1);
        try
        {
            SnappyBlock.Decompress(block, declared, buffer);
            return buffer[..declared];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Text-like bytes (so the block holds both literals and copies).</summary>
    private static byte[] Payload(int length, byte seed = 7) =>
        Enumerable.Range(0, length).Select(i => (byte)('a' + ((i * 7 / 5) + seed) % 26)).ToArray();

    /// <summary>The same block with its uncompressed-length header replaced by <paramref name="declared"/>.</summary>
    private static byte[] Redeclare(byte[] block, int declared)
    {
        var pos = 0;
        WireReader.ReadVarint(block, ref pos);
        var header = new byte[10];
        var n = WireWriter.WriteVarint(header, (ulong)declared);
        return [.. header[..n], .. block[pos..]];
    }
}
