namespace DualHub.Nats.Messaging;

/// <summary>Retry policy of <see cref="IObservabilityPublisher"/>.</summary>
public sealed class NatsPublisherOptions
{
    /// <summary>Sends per message, the first included (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait for the stream's ack per send (default 2 s). A timeout does not mean "not stored": the retry reuses the msg id.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Pause before a retry, doubled each time up to <see cref="MaxRetryDelay"/> (default 100 ms).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the doubling retry pause (default 2 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Called before each retry with (subject, msg id, attempt just failed, error): for logs and tests.</summary>
    public Action<string, string, int, Exception>? OnRetry { get; set; }

    internal void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "nats publisher: max_attempts must be >= 1");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "nats publisher: attempt_timeout must be > 0");
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "nats publisher: retry_delay must be >= 0 and <= max_retry_delay");
        }
    }
}
