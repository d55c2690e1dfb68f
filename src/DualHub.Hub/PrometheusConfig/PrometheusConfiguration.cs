namespace DualHub.Hub.PrometheusConfig;

/// <summary>The Prometheus-style sections a hub config may carry at its top level (<c>prometheus-edge.yml</c> shape).</summary>
public sealed class PrometheusConfiguration
{
    public GlobalConfig Global { get; set; } = new();

    public List<ScrapeConfig> ScrapeConfigs { get; } = [];

    public List<RemoteWriteConfig> RemoteWrite { get; } = [];

    /// <summary>DualHub's <c>sample_journal</c> section (retention of unsent data); the path is set by the hub from its data dir.</summary>
    public SampleLog.SampleLogOptions SampleJournal { get; } = new();

    /// <summary>Unknown, removed or unused keys, each with file and line; logged at start, never fatal.</summary>
    public List<ConfigWarning> Warnings { get; } = [];

    public TimeSpan IntervalOf(ScrapeConfig job) => job.ScrapeInterval ?? Global.ScrapeInterval;

    public TimeSpan TimeoutOf(ScrapeConfig job)
    {
        var timeout = job.ScrapeTimeout ?? Global.ScrapeTimeout;
        var interval = IntervalOf(job);
        return timeout > interval ? interval : timeout;
    }
}
