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

    /// <inheritdoc cref="FailoverOptions.RetryBackoff"/>
    public TimeSpan RetryBackoff { get; }

    /// <inheritdoc cref="FailoverOptions.RecoveryBackoff"/>
    public TimeSpan RecoveryBackoff { get; }

    /// <inheritdoc cref="FailoverOptions.BackoffMultiplier"/>
    public double BackoffMultiplier { get; }

    /// <inheritdoc cref="FailoverOptions.RecoverySuccesses"/>
    public int RecoverySuccesses { get; }
}
