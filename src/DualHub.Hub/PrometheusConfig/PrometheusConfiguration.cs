namespace DualHub.Hub.PrometheusConfig;

/// <summary>The Prometheus-style sections a hub config may carry at its top level (<c>prometheus-edge.yml</c> shape).</summary>
public sealed record PrometheusConfiguration
{
    public GlobalConfig Global { get; internal init; } = new();

    public IReadOnlyList<ScrapeConfig> ScrapeConfigs { get; internal init; } = [];

    public IReadOnlyList<RemoteWriteConfig> RemoteWrite { get; internal init; } = [];

    /// <summary>DualHub's <c>sample_journal</c> section (retention of unsent data); the hub's loader puts its file in the data dir.</summary>
    public SampleJournal.SampleLogOptions SampleJournal { get; internal init; } = new();

    /// <summary>Unknown, removed or unused keys, each with file and line; logged at start, never fatal.</summary>
    public IReadOnlyList<ConfigWarning> Warnings { get; internal init; } = [];

    public TimeSpan IntervalOf(ScrapeConfig job) => job.ScrapeInterval ?? Global.ScrapeInterval;

    public TimeSpan TimeoutOf(ScrapeConfig job)
    {
        var timeout = job.ScrapeTimeout ?? Global.ScrapeTimeout;
        var interval = IntervalOf(job);
        return timeout > interval ? interval : timeout;
    }
}
