using System.Buffers;
using DualHub.Hub.Receive;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

/// <summary>
/// HTTP glue for the remote-write receiver, called by the hub's dispatcher for <c>/api/v1/write</c> (the query API is
/// <see cref="QueryEndpoints"/>).
/// </summary>
public sealed class SampleEndpoints
{
    private readonly RemoteWriteReceiver _receiver;

    public SampleEndpoints(RemoteWriteReceiver receiver)
    {
        _receiver = receiver;
    }

    /// <summary>Whether <see cref="WriteAsync"/> reads this request's body (a remote-write POST within the limit); else it answers at once.</summary>
    public static bool Reads(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && RemoteWriteReceiver.CheckHeaders(request.ContentType, request.Headers.ContentEncoding) is null
        && !(request.ContentLength > RemoteWriteReceiver.MaxCompressedBytes);

    /// <summary>Receives one remote-write request into the sample journal.</summary>
    public async Task WriteAsync(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "POST";
            await TextAsync(ctx, 405, "method not allowed: use POST\n");
            return;
        }

        if (RemoteWriteReceiver.CheckHeaders(ctx.Request.ContentType, ctx.Request.Headers.ContentEncoding) is { } bad)
        {
            await TextAsync(ctx, bad.StatusCode, bad.Error + "\n");
            return;
        }

        if (await RequestBody.ReadAsync(ctx.Request, RemoteWriteReceiver.MaxCompressedBytes, ctx.RequestAborted) is not { } body)
        {
            await TextAsync(ctx, 413, $"body larger than {RemoteWriteReceiver.MaxCompressedBytes} bytes\n");
            return;
        }

        ReceiveResult result;
        try
        {
            result = await _receiver.ReceiveAsync(body, ctx.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Not journaled, so not accepted (a failed commit, a full disk, a journal closing at shutdown): the sender retries 5xx.
            await TextAsync(ctx, 503, $"sample journal unavailable: {ex.Message}\n");
            return;
        }

        if (result.Error is not null)
        {
            await TextAsync(ctx, result.StatusCode, result.Error + "\n");
            return;
        }

        ctx.Response.StatusCode = result.StatusCode;
    }

    private static async Task TextAsync(HttpContext ctx, int status, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(text, ctx.RequestAborted);
    }
}
