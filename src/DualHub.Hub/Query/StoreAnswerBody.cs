using System.IO.Compression;

namespace DualHub.Hub.Query;

/// <summary>Reads the body of a store's answer, decoded, up to a limit: an error's message, or a range query the hub asks itself.</summary>
internal static class StoreAnswerBody
{
    public const int MaxBytes = 64 * 1024;

    /// <exception cref="IOException">The body broke off, or its encoding is corrupt.</exception>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage answer, CancellationToken ct, int maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            return await ReadDecodedAsync(answer, maxBytes, ct);
        }
        catch (InvalidDataException ex)
        {
            // A corrupt gzip/deflate/brotli stream is the store's broken answer, as a connection reset would be.
            throw new IOException($"the store's {answer.Content.Headers.ContentEncoding.LastOrDefault()} body is corrupt: {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> ReadDecodedAsync(HttpResponseMessage answer, int maxBytes, CancellationToken ct)
    {
        await using var raw = await answer.Content.ReadAsStreamAsync(ct);
        await using var decoded = answer.Content.Headers.ContentEncoding.LastOrDefault()?.ToUpperInvariant() switch
        {
            "GZIP" => new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true),
            "DEFLATE" => new ZLibStream(raw, CompressionMode.Decompress, leaveOpen: true),
            "BR" => new BrotliStream(raw, CompressionMode.Decompress, leaveOpen: true),
            _ => raw,
        };
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while (buffer.Length < maxBytes && (n = await decoded.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
