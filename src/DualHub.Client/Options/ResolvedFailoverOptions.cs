namespace DualHub.Client.Options;

/// <summary>Failover and fail-back timing after validation (see <see cref="FailoverOptions"/>).</summary>
public sealed record ResolvedFailoverOptions
{
    internal ResolvedFailoverOptions(FailoverOptions options)
    {
        HealthCheckInterval = options.HealthCheckInterval;
        MaxRetries = options.MaxRetries;
        FailoverThreshold = options.FailoverThreshold;
        RecoveryTimeout = options.RecoveryTimeout;
        PushTimeout = options.PushTimeout;
        RetryBackoff = options.RetryBackoff;
        AdaptiveTimeout = options.AdaptiveTimeout;
        PushTimeoutMin = options.PushTimeoutMin;
        PushTimeoutMax = options.PushTimeoutMax;
        PushTimeoutFactor = options.PushTimeoutFactor;
        PushTimeoutPercentile = options.PushTimeoutPercentile;
        LatencyWindow = options.LatencyWindow;
        LatencyMinSamples = options.LatencyMinSamples;
        RecoveryBackoff = options.RecoveryBackoff;
        BackoffMultiplier = options.BackoffMultiplier;
        RecoverySuccesses = options.RecoverySuccesses;
    }

    /// <inheritdoc cref="FailoverOptions.HealthCheckInterval"/>
    public TimeSpan HealthCheckInterval { get; }

    /// <inheritdoc cref="FailoverOptions.MaxRetries"/>
    public int MaxRetries { get; }

    /// <inheritdoc cref="FailoverOptions.FailoverThreshold"/>
    public int FailoverThreshold { get; }

    /// <inheritdoc cref="FailoverOptions.RecoveryTimeout"/>
    public TimeSpan RecoveryTimeout { get; }

    /// <inheritdoc cref="FailoverOptions.PushTimeout"/>
    public TimeSpan PushTimeout { get; }

    /// <inheritdoc cref="FailoverOptions.AdaptiveTimeout"/>
    public bool AdaptiveTimeout { get; }

    /// <inheritdoc cref="FailoverOptions.PushTimeoutMin"/>
    public TimeSpan PushTimeoutMin { get; }

    /// <inheritdoc cref="FailoverOptions.PushTimeoutMax"/>
    public TimeSpan PushTimeoutMax { get; }

    /// <inheritdoc cref="FailoverOptions.PushTimeoutFactor"/>
    public double PushTimeoutFactor { get; }

    /// <inheritdoc cref="FailoverOptions.PushTimeoutPercentile"/>
    public double PushTimeoutPercentile { get; }

    /// <inheritdoc cref="FailoverOptions.LatencyWindow"/>
    public int LatencyWindow { get; }

    /// <inheritdoc cref="FailoverOptions.LatencyMinSamples"/>
    public int LatencyMinSamples { get; }

    /// <summary>The longest a request may wait: the fixed timeout, or the adaptive ceiling.</summary>
    public TimeSpan LongestTimeout => AdaptiveTimeout ? PushTimeoutMax : PushTimeout;

    /// <inheritdoc cref="FailoverOptions.RetryBackoff"/>
    public TimeSpan RetryBackoff { get; }

    /// <inheritdoc cref="FailoverOptions.RecoveryBackoff"/>
    public TimeSpan RecoveryBackoff { get; }

    /// <inheritdoc cref="FailoverOptions.BackoffMultiplier"/>
    public double BackoffMultiplier { get; }

    /// <inheritdoc cref="FailoverOptions.RecoverySuccesses"/>
    public int RecoverySuccesses { get; }
}
