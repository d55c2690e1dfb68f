namespace DualHub.Hub.Options;

/// <summary>The YAML shape of a hub config (snake_case keys); strings are parsed and checked by <see cref="HubConfigLoader"/>.</summary>
internal sealed class HubConfigFile
{
    public string? Role { get; set; }

    public string? Listen { get; set; }

    public string? DataDir { get; set; }

    public bool? EnableAdminApi { get; set; }

    public bool? EnableLifecycle { get; set; }

    public string? Ttl { get; set; }

    public AuthSection? Auth { get; set; }

    public LimitsSection? Limits { get; set; }

    public JournalSection? Journal { get; set; }

    public NatsConfigSection? Nats { get; set; }

    // Read by PrometheusConfigReader (with line-numbered warnings); declared so this deserializer accepts them.
    public SkippedSection? Global { get; set; }

    public SkippedSection? ScrapeConfigs { get; set; }

    public SkippedSection? RemoteWrite { get; set; }

    public SkippedSection? SampleJournal { get; set; }

    public SkippedSection? RuleFiles { get; set; }

    public SkippedSection? Alerting { get; set; }

    public SkippedSection? RemoteRead { get; set; }

    public SkippedSection? Storage { get; set; }

    public SkippedSection? Tracing { get; set; }

    internal sealed class AuthSection
    {
        public string? BearerToken { get; set; }

        public string? Username { get; set; }

        public string? Password { get; set; }
    }

    internal sealed class LimitsSection
    {
        public long? MaxBodyBytes { get; set; }

        public int? MaxLabelsPerSeries { get; set; }

        public int? MaxLabelNameLength { get; set; }

        public int? MaxLabelValueLength { get; set; }

        public int? MaxSeriesPerPush { get; set; }

        public long? MaxSeriesTotal { get; set; }
    }

    internal sealed class JournalSection
    {
        public string? Synchronous { get; set; }

        public string? CompactInterval { get; set; }

        public int? CompactAfterOps { get; set; }
    }
}
