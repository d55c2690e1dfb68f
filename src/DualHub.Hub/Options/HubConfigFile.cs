namespace DualHub.Hub.Options;

/// <summary>
/// The YAML shape of a hub config (snake_case keys), mutable for the binder; <see cref="HubConfigDocument"/> parses its
/// strings and <see cref="HubConfigLoader.Resolve"/> turns it into <see cref="HubOptions"/>.
/// </summary>
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

    public ConsoleConfigSection? Console { get; set; }

    public AlertsConfigSection? Alerts { get; set; }
    public QueryConfigSection? Query { get; set; }

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

        public AuthOptions Resolve() => new() { BearerToken = BearerToken, Username = Username, Password = Password };
    }

    internal sealed class LimitsSection
    {
        private static readonly LimitsOptions Defaults = new();

        public long? MaxBodyBytes { get; set; }

        public long? MaxPushBytesInFlight { get; set; }

        public long? MaxWriteBytesInFlight { get; set; }

        public int? MaxLabelsPerSeries { get; set; }

        public int? MaxLabelNameLength { get; set; }

        public int? MaxLabelValueLength { get; set; }

        public int? MaxSeriesPerPush { get; set; }

        public long? MaxSeriesTotal { get; set; }

        public LimitsOptions Resolve() => new()
        {
            MaxBodyBytes = MaxBodyBytes ?? Defaults.MaxBodyBytes,
            MaxPushBytesInFlight = MaxPushBytesInFlight ?? Defaults.MaxPushBytesInFlight,
            MaxWriteBytesInFlight = MaxWriteBytesInFlight ?? Defaults.MaxWriteBytesInFlight,
            MaxLabelsPerSeries = MaxLabelsPerSeries ?? Defaults.MaxLabelsPerSeries,
            MaxLabelNameLength = MaxLabelNameLength ?? Defaults.MaxLabelNameLength,
            MaxLabelValueLength = MaxLabelValueLength ?? Defaults.MaxLabelValueLength,
            MaxSeriesPerPush = MaxSeriesPerPush ?? Defaults.MaxSeriesPerPush,
            MaxSeriesTotal = MaxSeriesTotal ?? Defaults.MaxSeriesTotal,
        };
    }

    internal sealed class JournalSection
    {
        private static readonly JournalOptions Defaults = new();

        public string? Synchronous { get; set; }

        public string? CompactInterval { get; set; }

        public int? CompactAfterOps { get; set; }

        /// <summary>The section with <see cref="CompactInterval"/> as parsed by <see cref="HubConfigDocument"/>.</summary>
        public JournalOptions Resolve(TimeSpan? compactInterval) => new()
        {
            Synchronous = Synchronous ?? Defaults.Synchronous,
            CompactInterval = compactInterval ?? Defaults.CompactInterval,
            CompactAfterOps = CompactAfterOps ?? Defaults.CompactAfterOps,
        };
    }
}
