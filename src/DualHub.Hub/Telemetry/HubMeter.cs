using System.Diagnostics.Metrics;

namespace DualHub.Hub.Telemetry;

/// <summary>The assembly's one <see cref="Meter"/> (for OpenTelemetry listeners); <c>/metrics</c> uses <see cref="SelfMetrics"/>.</summary>
internal static class HubMeter
{
    public static readonly Meter Meter = new("DualHub.Hub");

    public static readonly Counter<long> Pushes = Meter.CreateCounter<long>("dualhub.hub.pushes", "{push}", "Push requests by outcome.");

    public static readonly Histogram<double> JournalCommit = Meter.CreateHistogram<double>("dualhub.hub.journal.commit.duration", "ms", "Journal group-commit duration.");
}
