using System.Buffers;
using System.IO.Compression;
using Snappier;

namespace DualHub.Hub.Push.Ingest;

/// <summary>
/// Reads a push body, unwrapping <c>gzip</c> or <c>snappy</c> (framed) Content-Encoding while counting the
/// decompressed bytes: inflation stops at the limit, so a compression bomb costs at most the limit (413).
/// </summary>
internal static class BodyReader
{
    public static async Task<BodyReadResult> ReadAsync(Stream body, string? contentEncoding, long limit, CancellationToken ct)
    {
        Stream source = body;
        var encoding = contentEncoding?.Trim().ToUpperInvariant();
        Stream? wrapper = encoding switch
        {
            null or "" or "IDENTITY" => null,
            "GZIP" or "X-GZIP" => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true),
            "SNAPPY" => new SnappyStream(body, CompressionMode.Decompress, leaveOpen: true),
            _ => null,
        };
        if (wrapper is null && encoding is not (null or "" or "IDENTITY"))
        {
            // The Pushgateway ignores encodings it does not know and parses the bytes as they are; so do we.
            encoding = null;
        }

        if (wrapper is not null)
        {
            source = wrapper;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        // Probe one more byte: exactly at the limit is allowed.
                        var probe = new byte[1];
                        if (await source.ReadAsync(probe, ct) == 0)
                        {
                            break;
                        }

                        return Fail(buffer, 413, $"request body exceeds the limit of {limit} bytes after decompression (limits.max_body_bytes)");
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(buffer.Length * 2L, 1024), Math.Min(limit, Array.MaxLength)));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var want = (int)Math.Min(buffer.Length - length, limit - length + 1);
                if (want <= 0)
                {
                    return Fail(buffer, 413, $"request body exceeds the limit of {limit} bytes after decompression (limits.max_body_bytes)");
                }

                var n = await source.ReadAsync(buffer.AsMemory(length, want), ct);
                if (n == 0)
                {
                    break;
                }

                length += n;
                if (length > limit)
                {
                    return Fail(buffer, 413, $"request body exceeds the limit of {limit} bytes after decompression (limits.max_body_bytes)");
                }
            }

            return new BodyReadResult(buffer, length, 200, null);
        }
        catch (InvalidDataException ex)
        {
            return Fail(buffer, 400, $"failed to decode {encoding?.ToLowerInvariant()} body: {ex.Message}");
        }
        catch (IOException ex) when (wrapper is not null)
        {
            return Fail(buffer, 400, $"failed to decode {encoding?.ToLowerInvariant()} body: {ex.Message}");
        }
        finally
        {
            if (wrapper is not null)
            {
                await wrapper.DisposeAsync();
            }
        }
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes of a body and drops them (a refused push); a client gone or too slow is no error here.</summary>
    public static async Task DiscardAsync(Stream body, long limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long read = 0;
            int n;
            while (read <= limit && (n = await body.ReadAsync(buffer, ct)) > 0)
            {
                read += n;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // The answer is written anyway, or the connection is gone.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void Return(BodyReadResult r)
    {
        if (r.Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(r.Buffer);
        }
    }

    private static BodyReadResult Fail(byte[] buffer, int status, string error)
    {
        ArrayPool<byte>.Shared.Return(buffer);
        return new BodyReadResult([], 0, status, error);
    }
}
