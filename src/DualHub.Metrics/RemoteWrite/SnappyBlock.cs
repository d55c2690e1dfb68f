using DualHub.Metrics.Text;
using Snappier;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// Snappy <em>block</em> decoding (never framed) for remote-write bodies. A block starts with a varint of its
/// uncompressed length; Go's decoder (and so Prometheus, 400 <c>snappy: corrupt input</c>) refuses a block whose data
/// fills more or fewer bytes than that, so this does too, whatever the difference.
/// </summary>
public static class SnappyBlock
{
    /// <summary>
    /// The most bytes one byte of block data can stand for: a 3-byte copy element writes at most 64 bytes (64/3 &lt; 22),
    /// every other element less.
    /// </summary>
    public const int MaxExpansion = 22;

    /// <summary>
    /// The uncompressed length the block's header declares. A length the data after the header cannot fill is refused
    /// here, so a caller never allocates for it: a few bytes cannot claim megabytes.
    /// </summary>
    /// <exception cref="MetricsParseException">No valid length header, or one declaring more than the data can hold.</exception>
    public static int DeclaredLength(ReadOnlySpan<byte> block)
    {
        int declared;
        try
        {
            declared = Snappy.GetUncompressedLength(block);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new MetricsParseException($"snappy: corrupt input: invalid length header ({ex.Message})", ex);
        }

        var data = block.Length - HeaderLength(block);
        if (declared > (long)data * MaxExpansion)
        {
            throw new MetricsParseException($"snappy: corrupt input: the header declares {declared} bytes, more than {data} bytes of data can hold");
        }

        return declared;
    }

    /// <summary>
    /// Decompresses <paramref name="block"/> into the first <paramref name="declared"/> bytes of
    /// <paramref name="destination"/>, which must hold at least one byte more, so that data longer than declared is
    /// seen whether the decompressor stops at the end of its output or throws.
    /// </summary>
    /// <exception cref="MetricsParseException">Corrupt data, or a decompressed size other than <paramref name="declared"/>.</exception>
    public static void Decompress(ReadOnlySpan<byte> block, int declared, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(declared);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, declared + 1, nameof(destination));
        int written;
        try
        {
            written = Snappy.Decompress(block, destination[..(declared + 1)]);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new MetricsParseException($"snappy: corrupt input: {ex.Message} (the header declares {declared} bytes)", ex);
        }

        // The decompressor returns at once for a declared 0 without reading what follows the header.
        if (declared == 0 && written == 0 && HeaderLength(block) < block.Length)
        {
            throw new MetricsParseException("snappy: corrupt input: the header declares 0 bytes but data follows it");
        }

        if (written != declared)
        {
            throw new MetricsParseException(
                written > declared
                    ? $"snappy: corrupt input: the data is longer than the {declared} bytes the header declares"
                    : $"snappy: corrupt input: the data fills {written} bytes, the header declares {declared}");
        }
    }

    private static int HeaderLength(ReadOnlySpan<byte> block)
    {
        var pos = 0;
        WireReader.TryReadVarint(block, ref pos, out _);
        return pos;
    }
}
