using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

/// <summary>A request body read whole, up to a limit (Kestrel's own limit is off: each endpoint sets its own).</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (declared or read).</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // Grown as bytes arrive: a client declaring a large body and sending it slowly holds only what it sent.
        var body = new ArrayBufferWriter<byte>((int)Math.Min(Math.Min(request.ContentLength ?? 64 * 1024, 64 * 1024), maxBytes) + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(buffer, ct)) > 0)
            {
                if (body.WrittenCount + n > maxBytes)
                {
                    return null;
                }

                body.Write(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return body.WrittenMemory;
    }
}
