using System.Globalization;
using DualHub.Core.Protocol;
using DualHub.Hub.Push.Ingest;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Metrics.Durations;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

internal sealed partial class HubRequestHandler
{
    /// <summary>Per-push expiry, e.g. <c>X-DualHub-TTL: 5m</c> (<c>0</c> = never); overrides the <c>ttl</c> option.</summary>
    public const string TtlHeader = "X-DualHub-TTL";


    private const string InconsistentPrefix = "pushed metrics are invalid or inconsistent with existing metrics: ";

    private async Task PushAsync(HttpContext ctx, KeyPath keyPath, bool replace)
    {
        if (!await AuthorizeWriteAsync(ctx))
        {
            return;
        }

        if (!keyPath.TryParse(out var labels, out var keyError))
        {
            await Text(ctx, 400, keyError);
            return;
        }

        var group = GroupId.From(labels);
        long ttlMs = (long)hub.Options.Ttl.TotalMilliseconds;
        if (ctx.Request.Headers.TryGetValue(TtlHeader, out var ttlText))
        {
            if (!DurationText.TryParse(ttlText.ToString().AsSpan().Trim(), HubConfigLoader.HubDurations, out var ttl) || ttl < TimeSpan.Zero)
            {
                await Text(ctx, 400, $"invalid {TtlHeader} header \"{ttlText}\": expected a duration like 30s, 5m, 1h");
                return;
            }

            ttlMs = (long)ttl.TotalMilliseconds;
        }

        long batchTimeMs = 0;
        if (ctx.Request.Headers.TryGetValue(PushHeaders.BatchTime, out var batchTimeText)
            && (!long.TryParse(batchTimeText.ToString().AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out batchTimeMs) || batchTimeMs <= 0))
        {
            await Text(ctx, 400, $"invalid {PushHeaders.BatchTime} header \"{batchTimeText}\": expected the batch's time in Unix milliseconds");
            return;
        }

        var time = hub.NowNanos;
        var limits = hub.Options.Limits;
        var encoding = ctx.Request.Headers.ContentEncoding.ToString();
        var reserve = ctx.Request.ContentLength is { } length && encoding.Length == 0 ? Math.Min(length, limits.MaxBodyBytes) : limits.MaxBodyBytes;
        // Held until the push is journaled: parsed families waiting for the single writer are memory too.
        await AdmittedAsync(ctx, hub.PushAdmission, reserve, "pushes", $"limits.max_push_bytes_in_flight {limits.MaxPushBytesInFlight}", limits.MaxBodyBytes, async () =>
        {
            var prepared = await ReadAndPrepareAsync(ctx, encoding, group, limits);
            if (prepared is null)
            {
                return;
            }

            var result = prepared.Rejection is not null
                ? await hub.Writer.SubmitRejectedAsync(new StoreOp(OpKind.Failure, group, time, ttlMs: ttlMs), prepared.Rejection)
                : await hub.Writer.SubmitAsync(new StoreOp(replace ? OpKind.Put : OpKind.Post, group, time, prepared.Families, ttlMs));
            if (result.Status == WriteStatus.Ok && prepared.Rejection is null)
            {
                // Forwarded upstream and fed to the central view as samples at accept time (docs/edge.md). The store has
                // committed the push: its forwarding copy is journaled even if the client goes away meanwhile.
                try
                {
                    await hub.Samples.AppendPushAsync(prepared.Families, group, batchTimeMs, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    // Not forwarded (a failed commit, a full disk, a journal closing at shutdown): the client must push again (a push replaces what the store holds, so a retry is safe).
                    ctx.Response.Headers.RetryAfter = "1";
                    await Text(ctx, 503, $"pushed to the store, but the sample journal that forwards it is unavailable ({ex.Message}): push again");
                    return;
                }

                hub.Console.CountPush(group);
            }

            await WriteResultAsync(ctx, result, 200);
        });
    }

    /// <summary>Reads, parses and checks a push body; writes the 4xx and returns null when it is refused.</summary>
    private static async Task<PrepareResult?> ReadAndPrepareAsync(HttpContext ctx, string encoding, GroupId group, LimitsOptions limits)
    {
        var body = await BodyReader.ReadAsync(ctx.Request.Body, encoding, limits.MaxBodyBytes, ctx.RequestAborted);
        if (!body.Ok)
        {
            await Text(ctx, body.Status, body.Error!);
            return null;
        }

        List<DualHub.Metrics.Model.MetricFamily> parsed;
        try
        {
            parsed = PushBodyParser.Parse(body.Span, ctx.Request.ContentType, limits.MaxSeriesPerPush);
        }
        catch (DualHub.Metrics.Text.MetricsParseException ex) when (ex.SeriesLimit is { } limit)
        {
            await Text(ctx, 400, $"push has more than {limit} series, the limit (limits.max_series_per_push)");
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Any parser failure is the client's input: 400 with the parser's message, nothing stored.
            await Text(ctx, 400, ex.Message);
            return null;
        }
        finally
        {
            BodyReader.Return(body);
        }

        var prepared = PushPreparer.Prepare(parsed, group, limits);
        if (prepared.LimitError is not null)
        {
            await Text(ctx, prepared.LimitStatus, prepared.LimitError);
            return null;
        }

        return prepared;
    }

    private async Task DeleteAsync(HttpContext ctx, KeyPath keyPath)
    {
        if (!await AuthorizeWriteAsync(ctx))
        {
            return;
        }

        if (!keyPath.TryParse(out var labels, out var keyError))
        {
            await Text(ctx, 400, keyError);
            return;
        }

        var result = await hub.Writer.SubmitAsync(new StoreOp(OpKind.Delete, GroupId.From(labels), hub.NowNanos));
        await WriteResultAsync(ctx, result, 202);
    }

    private static Task WriteResultAsync(HttpContext ctx, WriteResult result, int okStatus)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                ctx.Response.StatusCode = okStatus;
                return Task.CompletedTask;
            case WriteStatus.Inconsistent:
                return Text(ctx, 400, InconsistentPrefix + result.Message);
            case WriteStatus.TooManySeries:
                return Text(ctx, 429, result.Message!);
            default:
                return Text(ctx, 503, "write not accepted: " + result.Message);
        }
    }
}
