namespace DualHub.Metrics.Durations;

/// <summary>Which duration spellings <see cref="DurationText"/> accepts; combine flags to accept any of several.</summary>
[Flags]
public enum DurationSyntax
{
    /// <summary>Prometheus <c>model.Duration</c>: <c>1y2w3d4h5m6s7ms</c>, whole numbers, each unit at most once and in that order, or <c>0</c>.</summary>
    Prometheus = 1,

    /// <summary>Go <c>time.ParseDuration</c>: <c>[-+]?([0-9]*(\.[0-9]*)?unit)+</c> with units ns, us (µs), ms, s, m, h, or <c>0</c>.</summary>
    Go = 2,

    /// <summary>A bare non-negative number of seconds (<c>15</c>, <c>0.5</c>), as the plan's agent YAML writes them.</summary>
    Seconds = 4,
}
