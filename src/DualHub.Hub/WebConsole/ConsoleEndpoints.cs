using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.WebConsole;

/// <summary>
/// The console's routes: <c>/</c> (the page), <see cref="FragmentPath"/> (its live part), <see cref="HistoryPath"/>
/// (the last hour as JSON, from the store where <c>query.url</c> is set) and <c>/console/assets/*</c> (script, styles, uPlot and its licence, embedded in the binary).
/// Every answer forbids loading anything from another host.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string FragmentPath = "/console/fragment";

    public const string HistoryPath = "/console/history.json";

    public const string DeletePath = "/console/delete";

    private const string AssetPrefix = "/console/assets/";

    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /// <summary>True for the paths this class answers (GET ones; the delete form is routed by the request handler).</summary>
    public static bool Handles(string path) =>
        path is "/" or FragmentPath or HistoryPath || path.StartsWith(AssetPrefix, StringComparison.Ordinal);

    public static async Task HandleAsync(HttpContext ctx, string path, HubRuntime hub)
    {
        var r = ctx.Response;
        r.Headers.ContentSecurityPolicy = Policy;
        r.Headers.XContentTypeOptions = "nosniff";
        r.Headers["Referrer-Policy"] = "no-referrer";
        if (path.StartsWith(AssetPrefix, StringComparison.Ordinal))
        {
            await AssetAsync(ctx, path[AssetPrefix.Length..]);
            return;
        }

        r.Headers.CacheControl = "no-store";
        switch (path)
        {
            case "/":
                await HtmlAsync(ctx, await ConsolePages.PageAsync(hub, ctx.RequestAborted));
                break;
            case FragmentPath:
                await HtmlAsync(ctx, await ConsolePages.FragmentAsync(hub, ctx.RequestAborted));
                break;
            default:
                r.ContentType = "application/json";
                await using (var w = new Utf8JsonWriter(r.Body))
                {
                    if (hub.Query is { } store)
                    {
                        await hub.Console.StoreHistory.WriteJsonAsync(w, store, ctx.RequestAborted);
                    }
                    else
                    {
                        hub.Console.History.WriteJson(w);
                    }
                }

                break;
        }
    }

    /// <summary>A page with many groups is mostly repeated markup: gzip it when the browser accepts that.</summary>
    private static async Task HtmlAsync(HttpContext ctx, string html)
    {
        var r = ctx.Response;
        r.ContentType = "text/html; charset=utf-8";
        r.Headers.Vary = "Accept-Encoding";
        if (!ctx.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            await r.WriteAsync(html, ctx.RequestAborted);
            return;
        }

        r.Headers.ContentEncoding = "gzip";
        await using var gzip = new GZipStream(r.Body, CompressionLevel.Fastest, leaveOpen: true);
        await gzip.WriteAsync(Encoding.UTF8.GetBytes(html), ctx.RequestAborted);
    }

    private static async Task AssetAsync(HttpContext ctx, string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".LICENSE" => "text/plain; charset=utf-8",
            _ => null,
        };
        await using var stream = type is null || name.Contains('/', StringComparison.Ordinal) ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("console/" + name);
        if (stream is null)
        {
            ctx.Response.StatusCode = 404;
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync("404 page not found\n");
            return;
        }

        // Pinned files that change only with the binary.
        ctx.Response.Headers.CacheControl = "public, max-age=3600";
        ctx.Response.ContentType = type;
        ctx.Response.ContentLength = stream.Length;
        await stream.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }
}
