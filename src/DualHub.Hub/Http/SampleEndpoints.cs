using System.Buffers;
using DualHub.Hub.Query;
using DualHub.Hub.Receive;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

/// <summary>
/// HTTP glue for the remote-write receiver and the query API, called by the hub's dispatcher for
/// <c>/api/v1/write</c>, <c>/api/v1/query</c> and <c>/api/v1/series</c>.
/// </summary>
public sealed class SampleEndpoints
{
    private readonly RemoteWriteReceiver _receiver;
    private readonly QueryApi? _query;

    public SampleEndpoints(RemoteWriteReceiver receiver, QueryApi? query)
    {
        _receiver = receiver;
        _query = query;
    }

    public static bool Handles(string path) => path is "/api/v1/write" or "/api/v1/query" or "/api/v1/series";

    public async Task HandleAsync(HttpContext ctx, string path)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        switch (path)
        {
            case "/api/v1/write":
                await WriteAsync(ctx);
                return;
            case "/api/v1/query" or "/api/v1/series" when _query is null:
                await TextAsync(ctx, 404, "the query API is served by the central role\n");
                return;
            default:
                await QueryAsync(ctx, path);
                return;
        }
    }

    private async Task WriteAsync(HttpContext ctx)
    {
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
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            // Not journaled, so not accepted: the sender retries 5xx.
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

    private async Task QueryAsync(HttpContext ctx, string path)
    {
        IFormCollection? form = null;
        if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.HasFormContentType)
        {
            form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        }
        else if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsPost(ctx.Request.Method))
        {
            // A POST without a form body reads the URL's parameters, as Prometheus does: vmalert queries that way.
            ctx.Response.Headers.Allow = "GET, POST";
            await TextAsync(ctx, 405, "method not allowed\n");
            return;
        }

        string? Param(string name) => form?[name].FirstOrDefault() ?? ctx.Request.Query[name].FirstOrDefault();
        var output = new ArrayBufferWriter<byte>(4096);
        int status;
        if (path == "/api/v1/query")
        {
            status = _query!.Query(Param("query"), Param("time"), Param("lookback_delta"), output);
        }
        else
        {
            var matches = ctx.Request.Query["match[]"].Concat(form?["match[]"] ?? default).OfType<string>().ToList();
            status = _query!.Series(matches, Param("start"), Param("end"), output);
        }

        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(output.WrittenMemory, ctx.RequestAborted);
    }

    private static async Task TextAsync(HttpContext ctx, int status, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(text, ctx.RequestAborted);
    }
}
