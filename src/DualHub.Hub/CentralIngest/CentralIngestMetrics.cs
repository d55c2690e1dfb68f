using System.Text.Json;
using DualHub.Metrics.Model;

namespace DualHub.Hub.CentralIngest;

/// <summary>The central filter's counters per path, for <c>/metrics</c> and <c>/health</c> (read by <c>dualhub up --check</c>).</summary>
internal static class CentralIngestMetrics
{
    public static List<MetricFamily> Collect(CentralIngestJournal journal)
    {
        var journaled = new MetricFamily("dualhub_central_samples_journaled_total", MetricType.Counter) { Help = "Samples newer than the central view, journaled (and forwarded from the journal), by ingest path." };
        var dropped = new MetricFamily("dualhub_central_samples_dropped_total", MetricType.Counter) { Help = "Samples not newer than the central view, dropped before the journal, by ingest path and reason (duplicate: same timestamp and value; out_of_order: older; conflict: same timestamp, another value)." };
        foreach (var path in Enum.GetValues<IngestPath>())
        {
            var name = Name(path);
            var (j, d, o, c) = journal.Counts(path);
            journaled.Metrics.Add(new Metric { Labels = [new("path", name)], Value = j });
            dropped.Metrics.Add(new Metric { Labels = [new("path", name), new("reason", "duplicate")], Value = d });
            dropped.Metrics.Add(new Metric { Labels = [new("path", name), new("reason", "out_of_order")], Value = o });
            dropped.Metrics.Add(new Metric { Labels = [new("path", name), new("reason", "conflict")], Value = c });
        }

        var held = new MetricFamily("dualhub_central_view_series", MetricType.Gauge) { Help = "Series held in the central view (the newest sample of each)." };
        held.Metrics.Add(new Metric { Value = journal.View.Count });
        var notHeld = new MetricFamily("dualhub_central_view_series_not_held_total", MetricType.Counter) { Help = "Series not held in the central view because it held limits.max_series_total series or their labels exceed the limits.max_label* bounds (counted once per batch carrying one): journaled and forwarded, but not filtered." };
        notHeld.Metrics.Add(new Metric { Value = journal.View.SeriesNotHeld });
        return [journaled, dropped, held, notHeld];
    }

    /// <summary>The <c>central_ingest</c> member: per path, samples journaled, and duplicates, out-of-order samples and conflicts dropped.</summary>
    public static void WriteHealth(Utf8JsonWriter w, CentralIngestJournal journal)
    {
        w.WriteStartObject("central_ingest");
        foreach (var path in Enum.GetValues<IngestPath>())
        {
            var (j, d, o, c) = journal.Counts(path);
            w.WriteStartObject(Name(path));
            w.WriteNumber("journaled", j);
            w.WriteNumber("duplicates", d);
            w.WriteNumber("out_of_order", o);
            w.WriteNumber("conflicts", c);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static string Name(IngestPath path) => path switch
    {
        IngestPath.Http => "http",
        IngestPath.Nats => "nats",
        _ => "local",
    };
}
