namespace DualHub.Client.Options;

/// <summary>
/// Failover and fail-back timing (YAML <c>failover_config</c>). Detection time is a formula, see docs/client.md:
/// a crashed hub (connection refused) is left after <see cref="MaxRetries"/> refused attempts separated by
/// <see cref="RetryBackoff"/>; a hung hub after <see cref="MaxRetries"/> push timeouts plus those backoffs. The push
/// timeout adapts to each hub's latency (<see cref="AdaptiveTimeout"/>): <see cref="PushTimeoutFactor"/> x the
/// <see cref="PushTimeoutPercentile"/> of its last <see cref="LatencyWindow"/> answers, between
/// <see cref="PushTimeoutMin"/> and <see cref="PushTimeoutMax"/>.
/// </summary>
public sealed class FailoverOptions
{
    /// <summary>Interval of the active <c>/-/healthy</c> probe of each healthy hub. Default 30 s (the plan's value).</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts on one hub for one batch before failing over to the next hub. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Consecutive failed active probes that make a healthy hub unhealthy. Default 3.</summary>
    public int FailoverThreshold { get; set; } = 3;

    /// <summary>Cap of the exponential fail-back probe backoff. Default 300 s (the plan's <c>recovery_timeout</c>).</summary>
    public TimeSpan RecoveryTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Timeout of one push or probe request when <see cref="AdaptiveTimeout"/> is off. Default 500 ms.</summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Derive each hub's timeout from the latency it has shown instead of <see cref="PushTimeout"/>. Default true.
    /// </summary>
    public bool AdaptiveTimeout { get; set; } = true;

    /// <summary>Floor of the adaptive timeout. Default 200 ms.</summary>
    public TimeSpan PushTimeoutMin { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Ceiling of the adaptive timeout; also the timeout of a hub that has not answered <see cref="LatencyMinSamples"/>
    /// times yet and of every request to a hub that is not healthy. Default 1.5 s: with the default 3 retries and
    /// 50 ms backoff a hang is left within 4.6 s at worst, under the plan's 5 s failover limit.
    /// </summary>
    public TimeSpan PushTimeoutMax { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Multiplier of the latency percentile. Default 3.</summary>
    public double PushTimeoutFactor { get; set; } = 3.0;

    /// <summary>
    /// Percentile (50-100) of the recent latencies the adaptive timeout is derived from. Default 95: over the default
    /// window of 64 the three slowest answers are ignored, so one stall of a busy machine does not set the timeout.
    /// </summary>
    public double PushTimeoutPercentile { get; set; } = 95.0;

    /// <summary>Number of recent answered requests per hub the percentile is taken over. Default 64.</summary>
    public int LatencyWindow { get; set; } = 64;

    /// <summary>Answers a hub must have given before its timeout adapts (until then: the ceiling). Default 8.</summary>
    public int LatencyMinSamples { get; set; } = 8;

    /// <summary>Pause between two fast retries of a batch on the same hub. Default 50 ms.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First delay of the fail-back probe backoff of an unhealthy hub. Default 1 s.</summary>
    public TimeSpan RecoveryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Growth factor of the fail-back probe backoff. Default 2.</summary>
    public double BackoffMultiplier { get; set; } = 2.0;

    /// <summary>Consecutive successful probes before an unhealthy hub is used again (hysteresis). Default 3.</summary>
    public int RecoverySuccesses { get; set; } = 3;
}
