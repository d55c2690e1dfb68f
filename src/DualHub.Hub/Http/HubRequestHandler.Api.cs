using System.Text.Json;
using DualHub.Hub.Push.Exposition;
using DualHub.Hub.Push.Store;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;
using Microsoft.AspNetCore.Http;

namespace DualHub.Hub.Http;

internal sealed partial class HubRequestHandler
{
    /// <summary>Like Go's encoding/json output: '+' and non-ASCII stay as they are.</summary>
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task ApiAsync(HttpContext ctx, Func<Task> get)
    {
        var h = ctx.Response.Headers;
        h["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type, Origin";
        h["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS";
        h["Access-Control-Allow-Origin"] = "*";
        h["Access-Control-Expose-Headers"] = "Date";
        h.CacheControl = "no-cache, no-store, must-revalidate";
        switch (ctx.Request.Method)
        {
            case "GET":
                ctx.Response.ContentType = "application/json";
                await get();
                break;
            case "OPTIONS":
                break;
            default:
                h.Allow = GetAllow;
                await Text(ctx, 405, "Method Not Allowed");
                break;
        }
    }

    private async Task StatusAsync(HttpContext ctx)
    {
        var o = hub.Options;
        await using var w = new Utf8JsonWriter(ctx.Response.Body, JsonOptions);
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteStartObject("data");
        w.WriteStartObject("build_information");
        w.WriteString("branch", "");
        w.WriteString("buildDate", "");
        w.WriteString("buildUser", "");
        w.WriteString("goVersion", "");
        w.WriteString("revision", "dualhub");
        w.WriteString("version", Telemetry.SelfMetrics.Version);
        w.WriteEndObject();
        w.WriteStartObject("flags");
        w.WriteString("hub.role", o.Role.ToString().ToLowerInvariant());
        w.WriteString("hub.ttl", o.Ttl.ToString());
        w.WriteString("journal.synchronous", o.Journal.Synchronous);
        w.WriteString("persistence.file", hub.Journal.State.Path);
        w.WriteString("web.enable-admin-api", o.EnableAdminApi ? "true" : "false");
        w.WriteString("web.enable-lifecycle", o.EnableLifecycle ? "true" : "false");
        w.WriteString("web.listen-address", o.EffectiveListen);
        w.WriteString("web.telemetry-path", "/metrics");
        w.WriteEndObject();
        w.WriteString("start_time", Rfc3339Nano(hub.StartTime));
        w.WriteEndObject();
        w.WriteEndObject();
        await w.FlushAsync();
    }

    /// <summary>The Pushgateway's <c>/api/v1/metrics</c>: Go encodes maps with sorted keys and numbers as fmt.Sprint strings.</summary>
    private async Task ApiMetricsAsync(HttpContext ctx)
    {
        var now = hub.NowMs;
        await using var w = new Utf8JsonWriter(ctx.Response.Body, JsonOptions);
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteStartArray("data");
        foreach (var g in hub.Store.Snapshot())
        {
            if (g.IsExpired(now))
            {
                continue;
            }

            var keys = new SortedDictionary<string, Action>(StringComparer.Ordinal);
            foreach (var (name, sf) in g.Families)
            {
                keys[name] = () => WriteFamily(w, sf.Family, sf.TimeNanos);
            }

            keys[PushStore.PushTimeName] = () => WriteFamily(w, GroupGauges.Family(PushStore.PushTimeName, GroupGauges.PushHelp, g, g.PushTimeNanos), g.PushStampNanos);
            keys[PushStore.PushFailureTimeName] = () => WriteFamily(w, GroupGauges.Family(PushStore.PushFailureTimeName, GroupGauges.FailureHelp, g, g.FailureTimeNanos), g.FailureStampNanos);
            keys["labels"] = () => WriteLabels(w, g.Id.Labels);
            keys["last_push_successful"] = () => w.WriteBooleanValue(g.LastPushSuccessful);
            w.WriteStartObject();
            foreach (var (key, write) in keys)
            {
                w.WritePropertyName(key);
                write();
            }

            w.WriteEndObject();
            if (w.BytesPending > 32 * 1024)
            {
                await w.FlushAsync();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync();
    }

    private static void WriteFamily(Utf8JsonWriter w, MetricFamily f, long timeNanos)
    {
        w.WriteStartObject();
        w.WriteString("time_stamp", Rfc3339Nano(timeNanos));
        w.WriteString("type", TypeNames.Proto(f.Type));
        if (f.Help.Length > 0)
        {
            w.WriteString("help", f.Help);
        }

        w.WriteStartArray("metrics");
        foreach (var m in f.Metrics)
        {
            w.WriteStartObject();
            switch (f.Type)
            {
                case MetricType.Summary:
                    w.WriteString("count", GoFloat.FormatG(m.Count));
                    WriteLabelsProperty(w, m.Labels);
                    w.WriteStartObject("quantiles");
                    foreach (var q in m.Quantiles.OrderBy(q => GoFloat.FormatG(q.Q), StringComparer.Ordinal))
                    {
                        w.WriteString(GoFloat.FormatG(q.Q), GoFloat.FormatG(q.Value));
                    }

                    w.WriteEndObject();
                    w.WriteString("sum", GoFloat.FormatG(m.Sum));
                    break;
                case MetricType.Histogram or MetricType.GaugeHistogram:
                    w.WriteStartObject("buckets");
                    foreach (var b in m.Buckets.OrderBy(b => GoFloat.FormatG(b.UpperBound), StringComparer.Ordinal))
                    {
                        w.WriteString(GoFloat.FormatG(b.UpperBound), GoFloat.FormatG(b.CumulativeCount));
                    }

                    w.WriteEndObject();
                    w.WriteString("count", GoFloat.FormatG(m.Count));
                    WriteLabelsProperty(w, m.Labels);
                    w.WriteString("sum", GoFloat.FormatG(m.Sum));
                    break;
                default:
                    WriteLabelsProperty(w, m.Labels);
                    w.WriteString("value", GoFloat.FormatG(m.Value));
                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteLabelsProperty(Utf8JsonWriter w, Label[] labels)
    {
        w.WritePropertyName("labels");
        WriteLabels(w, labels);
    }

    private static void WriteLabels(Utf8JsonWriter w, Label[] labels)
    {
        w.WriteStartObject();
        foreach (var l in labels)
        {
            w.WriteString(l.Name, l.Value);
        }

        w.WriteEndObject();
    }

    private static string Rfc3339Nano(long unixNanos) =>
        Rfc3339Nano(DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100), (int)(unixNanos % 100));

    private static string Rfc3339Nano(DateTimeOffset t, int extraNanos = 0) => GoTime.FormatRfc3339Nano(t, extraNanos);
}
