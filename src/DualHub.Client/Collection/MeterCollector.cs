using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DualHub.Metrics.Model;

namespace DualHub.Client.Collection;

/// <summary>
/// Listens to <see cref="System.Diagnostics.Metrics"/> instruments (counters, up-down counters, gauges, observable
/// instruments, histograms) of the meters <c>filter</c> accepts and turns them into Prometheus families on demand.
/// </summary>
internal sealed class MeterCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _aggregators = new();

    public MeterCollector(Func<Meter, bool> filter, string? scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!filter(instrument.Meter))
            {
                return;
            }

            var aggregator = _aggregators.GetOrAdd(instrument, i => new InstrumentAggregator(i, scope));
            listener.EnableMeasurementEvents(instrument, aggregator);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _aggregators.TryRemove(instrument, out InstrumentAggregator? _);
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, v, tags, state) => ((InstrumentAggregator)state!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>Default meter filter: everything but the runtime's and ASP.NET's own meters.</summary>
    public static bool DefaultFilter(Meter meter) =>
        !meter.Name.StartsWith("System.", StringComparison.Ordinal) && !meter.Name.StartsWith("Microsoft.", StringComparison.Ordinal);

    /// <summary>Observes the observable instruments and returns every family with at least one series, sorted by name.</summary>
    public List<MetricFamily> Collect()
    {
        foreach (var a in _aggregators.Values)
        {
            a.BeginObservation();
        }

        _listener.RecordObservableInstruments();
        var families = new List<MetricFamily>(_aggregators.Count);
        foreach (var a in _aggregators.Values)
        {
            if (a.Snapshot() is { } f)
            {
                families.Add(f);
            }
        }

        // Two instruments may map to one Prometheus name (e.g. same name in two meters): merge, first type wins.
        var merged = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        foreach (var f in families)
        {
            if (!merged.TryGetValue(f.Name, out var existing))
            {
                merged[f.Name] = f;
            }
            else if (existing.Type == f.Type)
            {
                existing.Metrics.AddRange(f.Metrics.Where(m => !existing.Metrics.Exists(e => e.Labels.AsSpan().SequenceEqual(m.Labels))));
            }
        }

        return merged.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => _listener.Dispose();
}
