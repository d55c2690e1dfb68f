namespace DualHub.Hub.SampleJournal;

/// <summary>Where the sample journal lives and how much unsent data it keeps.</summary>
public sealed record SampleLogOptions
{
    /// <summary>SQLite file path (WAL mode).</summary>
    public string Path { get; internal init; } = "samples.db";

    /// <summary>Unsent records older than this are dropped (counted and logged). Default 1 h.</summary>
    public TimeSpan MaxAge { get; internal init; } = TimeSpan.FromHours(1);

    /// <summary>Journal payload bytes above which the oldest records are dropped. Default 1 GiB.</summary>
    public long MaxBytes { get; internal init; } = 1L << 30;

    /// <summary>
    /// SQLite <c>synchronous</c> level: FULL fsyncs every group commit (survives power loss), NORMAL survives
    /// kill -9 of the process only.
    /// </summary>
    public bool FullSync { get; internal init; } = true;

    /// <summary>How often age retention runs.</summary>
    public TimeSpan RetentionInterval { get; internal init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws naming the first bad key; changes nothing.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("sample_log.path: must not be empty");
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"sample_log.max_age: {MaxAge} must be positive");
        }

        if (MaxBytes < 1 << 20)
        {
            throw new ArgumentException($"sample_log.max_bytes: {MaxBytes} must be at least 1 MiB");
        }
    }
}
