using System.Buffers;
using System.Globalization;
using DualHub.Hub.Query;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

/// <summary>
/// HTTP glue of the Prometheus query API. With a store (<c>query.url</c>) every endpoint of <see cref="QueryRoute"/> is
/// forwarded by the <see cref="QueryProxy"/>; without one, <c>/api/v1/query</c> (instant selectors) and
/// <c>/api/v1/series</c> are answered from the newest-sample view, as they always were, and the other paths are not served.
/// </summary>
internal sealed class QueryEndpoints(QueryApi? view, QueryProxy? proxy, int maxConcurrent = int.MaxValue)
{
    // Queries answered from the view now: each scans the view under the lock ingest takes, so they are bounded like
    // forwarded ones (query.max_concurrent).
    private int _viewInFlight;

    /// <summary>The largest form body read: Go's <c>ParseForm</c> bound, which Prometheus' query API inherits.</summary>
    public const long MaxFormBytes = 10 << 20;

    private static readonly BoundedForm Forms = new(MaxFormBytes);

    /// <summary>True when this hub serves <paramref name="path"/> (a decoded, cleaned path) as a query API endpoint.</summary>
    public bool TryRoute(string path, out QueryRoute route) =>
        QueryRoute.TryMatch(path, out route) && (proxy is not null || route.Endpoint is QueryEndpoint.Query or QueryEndpoint.Series);

    public async Task HandleAsync(HttpContext ctx, QueryRoute route)
    {
        if (proxy is null && view is null)
        {
            await TextAsync(ctx, 404, "the query API is served by the central role\n");
            return;
        }

        IFormCollection? form = null;
        if (HttpMethods.IsPost(ctx.Request.Method))
        {
            // A POST may carry its parameters in the URL only, without a form body (vmalert's queries do).
            if (ctx.Request.HasFormContentType)
            {
                form = await ReadFormAsync(ctx);
                if (form is null)
                {
                    return;
                }
            }
        }
        else if (!HttpMethods.IsGet(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "GET, POST";
            await TextAsync(ctx, 405, "method not allowed\n");
            return;
        }

        if (proxy is not null)
        {
            await proxy.ForwardAsync(Request(ctx, route, form), ctx.Response, ctx.RequestAborted);
            return;
        }

        if (Interlocked.Increment(ref _viewInFlight) > maxConcurrent)
        {
            Interlocked.Decrement(ref _viewInFlight);
            await ErrorAsync(ctx, 503, "unavailable", string.Create(CultureInfo.InvariantCulture, $"too many concurrent queries (query.max_concurrent is {maxConcurrent})"));
            return;
        }

        try
        {
            string? Param(string name) => form?[name].FirstOrDefault() ?? ctx.Request.Query[name].FirstOrDefault();
            var output = new ArrayBufferWriter<byte>(4096);
            int status;
            if (route.Endpoint == QueryEndpoint.Query)
            {
                status = view!.Query(Param("query"), Param("time"), Param("lookback_delta"), output);
            }
            else
            {
                var matches = ctx.Request.Query["match[]"].Concat(form?["match[]"] ?? default).OfType<string>().ToList();
                status = view!.Series(matches, Param("start"), Param("end"), output);
            }

            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync(output.WrittenMemory, ctx.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _viewInFlight);
        }
    }

    /// <summary>The request's parameters in Prometheus' order: the form's first (a POST), then the URL's.</summary>
    private static QueryRequest Request(HttpContext ctx, QueryRoute route, IFormCollection? form)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var source in new IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>[] { form ?? Enumerable.Empty<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>(), ctx.Request.Query })
        {
            foreach (var (key, values) in source)
            {
                foreach (var value in values)
                {
                    parameters.Add(new(key, value ?? string.Empty));
                }
            }
        }

        return new QueryRequest(route, form is not null, parameters) { AcceptEncoding = ctx.Request.Headers.AcceptEncoding.ToString() };
    }

    /// <summary>The form, or null when it was refused with 400 or 413 (Prometheus' <c>bad_data</c> JSON naming the problem).</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext ctx)
    {
        var (form, status, message) = await Forms.ReadAsync(ctx);
        if (form is not null)
        {
            return form;
        }

        await ErrorAsync(ctx, status, "bad_data", message);
        return null;
    }

    private static async Task ErrorAsync(HttpContext ctx, int status, string errorType, string message)
    {
        var output = new ArrayBufferWriter<byte>(256);
        PromJson.Error(output, errorType, message);
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
