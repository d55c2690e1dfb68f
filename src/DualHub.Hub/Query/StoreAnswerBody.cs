using System.IO.Compression;

namespace DualHub.Hub.Query;

/// <summary>Reads the (small) body of a store's error answer, decoded, up to a limit: enough for its message.</summary>
internal static class StoreAnswerBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<byte[]> ReadAsync(HttpResponseMessage answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var raw = await answer.Content.ReadAsStreamAsync(ct);
        await using var decoded = answer.Content.Headers.ContentEncoding.LastOrDefault()?.ToUpperInvariant() switch
        {
            "GZIP" => new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true),
            "DEFLATE" => new ZLibStream(raw, CompressionMode.Decompress, leaveOpen: true),
            "BR" => new BrotliStream(raw, CompressionMode.Decompress, leaveOpen: true),
            _ => raw,
        };
        var buffer = new byte[MaxBytes];
        var length = 0;
        int n;
        while (length < buffer.Length && (n = await decoded.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += n;
        }

        return buffer[..length];
    }
}
