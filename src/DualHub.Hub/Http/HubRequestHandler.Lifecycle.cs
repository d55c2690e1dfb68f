using System.Text.Json;
using DualHub.Hub.Push.Store;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

internal sealed partial class HubRequestHandler
{
    /// <summary>The Pushgateway's write queue capacity: beyond it, <c>/-/ready</c> and <c>/-/healthy</c> fail.</summary>
    private const int QueueCapacity = 1000;

    private Task HealthyAsync(HttpContext ctx) => HealthAsync(ctx, "healthy");

    private Task ReadyAsync(HttpContext ctx) => HealthAsync(ctx, "ready");

    private async Task HealthAsync(HttpContext ctx, string handler)
    {
        if (hub.Writer.Failure is { } failure)
        {
            await Text(ctx, 500, failure, nosniff: false);
        }
        else if (hub.Writer.Queued >= QueueCapacity)
        {
            await Text(ctx, 500, "write queue is full", nosniff: false);
        }
        else
        {
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync("OK\n");
        }

        Count(ctx, handler);
    }

    private async Task QuitAsync(HttpContext ctx)
    {
        if (ctx.Request.Method is not ("PUT" or "POST"))
        {
            await Text(ctx, 405, "Only POST or PUT requests allowed.", nosniff: false);
            return;
        }

        if (!hub.Options.EnableLifecycle)
        {
            await Text(ctx, 403, "Lifecycle API is not enabled.", nosniff: false);
            return;
        }

        if (!await AuthorizeWriteAsync(ctx))
        {
            return;
        }

        await Text(ctx, 200, "Requesting termination... Goodbye!", nosniff: false);
        await ctx.Response.CompleteAsync();
        hub.RequestStop();
    }

    /// <summary>Prometheus' <c>PUT|POST /-/reload</c>: 200 with no body, or 500 <c>failed to reload config: REASON</c>.</summary>
    private async Task ReloadAsync(HttpContext ctx)
    {
        if (ctx.Request.Method is not ("PUT" or "POST"))
        {
            ctx.Response.Headers.Allow = "POST, PUT";
            await Text(ctx, 405, "Method Not Allowed");
        }
        else if (!hub.Options.EnableLifecycle)
        {
            await Text(ctx, 403, "Lifecycle API is not enabled.", nosniff: false);
        }
        else if (await AuthorizeWriteAsync(ctx) && await hub.Reloader.ReloadAsync() is { } error)
        {
            await Text(ctx, 500, "failed to reload config: " + error);
        }

        Count(ctx, "reload");
    }

    private async Task WipeAsync(HttpContext ctx)
    {
        if (!await AuthorizeWriteAsync(ctx))
        {
            return;
        }

        var result = await hub.Writer.SubmitAsync(new StoreOp(OpKind.Wipe, GroupId.From([]), hub.NowNanos));
        await WriteResultAsync(ctx, result, 202);
        Count(ctx, "wipe");
    }

    /// <summary>DualHub's <c>/health</c>: role, uptime, store size and journal state as JSON.</summary>
    private async Task HealthJsonAsync(HttpContext ctx)
    {
        var j = hub.Journal.State;
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.Body, JsonOptions);
        w.WriteStartObject();
        w.WriteString("status", hub.Writer.Failure is null ? "ok" : "failed");
        w.WriteString("role", hub.Options.Role.ToString().ToLowerInvariant());
        w.WriteString("version", Telemetry.SelfMetrics.Version);
        w.WriteNumber("uptime_seconds", Math.Round(hub.Time.GetElapsedTime(hub.StartTimestamp).TotalSeconds, 3));
        w.WriteNumber("groups", hub.Store.GroupCount);
        w.WriteNumber("series", hub.Store.SeriesTotal);
        w.WriteNumber("write_queue", hub.Writer.Queued);
        var gc = GC.GetGCMemoryInfo();
        w.WriteNumber("gc_heap_bytes", gc.HeapSizeBytes);
        w.WriteNumber("gc_committed_bytes", gc.TotalCommittedBytes);
        w.WriteNumber("gc_fragmented_bytes", gc.FragmentedBytes);
        w.WriteNumber("working_set_bytes", Environment.WorkingSet);
        w.WriteStartObject("journal");
        w.WriteString("path", j.Path);
        w.WriteString("synchronous", j.Synchronous);
        w.WriteNumber("ops_since_compaction", j.OpsSinceCompaction);
        w.WriteNumber("commits", j.TotalCommits);
        w.WriteNumber("last_commit_us", j.LastCommitMicros);
        w.WriteNumber("compactions", j.Compactions);
        w.WriteString("last_compaction", j.LastCompaction);
        w.WriteNumber("size_bytes", j.SizeBytes);
        w.WriteString("error", hub.Writer.Failure);
        w.WriteEndObject();
        hub.Samples.WriteHealth(w);
        hub.Nats?.WriteHealth(w);
        hub.Query?.WriteHealth(w);
        w.WriteEndObject();
        await w.FlushAsync();
    }
}
