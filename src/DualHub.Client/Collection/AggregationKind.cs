namespace DualHub.Client.Collection;

/// <summary>How an instrument's measurements become a Prometheus family.</summary>
internal enum AggregationKind
{
    /// <summary>Counter: sum, exposed as a counter.</summary>
    SumCounter,

    /// <summary>UpDownCounter: sum, exposed as a gauge.</summary>
    SumGauge,

    /// <summary>Gauge and observable gauges/up-down counters: last value, exposed as a gauge.</summary>
    LastGauge,

    /// <summary>ObservableCounter: the observed cumulative total, exposed as a counter.</summary>
    LastCounter,

    /// <summary>Histogram: buckets, count and sum.</summary>
    Histogram,
}
