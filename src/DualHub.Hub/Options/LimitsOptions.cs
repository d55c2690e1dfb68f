namespace DualHub.Hub.Options;

/// <summary>Input limits, on by default with generous values (docs/hub.md).</summary>
public sealed record LimitsOptions
{
    /// <summary>Request body after decompression; larger gives 413. Default 64 MiB.</summary>
    public long MaxBodyBytes { get; internal init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Push bodies read, parsed and journaled at once, in bytes (each counted at its Content-Length, or at
    /// <see cref="MaxBodyBytes"/> when unknown or compressed); a push finding no room within 10 s gets 503. Default 128 MiB.
    /// </summary>
    public long MaxPushBytesInFlight { get; internal init; } = 128L * 1024 * 1024;

    /// <summary>
    /// Remote-write and alert webhook bodies read, decoded and journaled at once, in bytes (a remote-write request counted
    /// at its Content-Length plus the most its snappy block can decompress to); a request finding no room within 10 s
    /// gets 503. Default 256 MiB.
    /// </summary>
    public long MaxWriteBytesInFlight { get; internal init; } = 256L * 1024 * 1024;

    /// <summary>Labels per series, grouping labels included. Default 64.</summary>
    public int MaxLabelsPerSeries { get; internal init; } = 64;

    /// <summary>Length of a label name in characters. Default 256.</summary>
    public int MaxLabelNameLength { get; internal init; } = 256;

    /// <summary>Length of a label value in characters. Default 16384.</summary>
    public int MaxLabelValueLength { get; internal init; } = 16 * 1024;

    /// <summary>Series (metrics) in one push. Default 500000.</summary>
    public int MaxSeriesPerPush { get; internal init; } = 500_000;

    /// <summary>Series in the whole store; a push that would exceed it gets 429. Default 5000000.</summary>
    public long MaxSeriesTotal { get; internal init; } = 5_000_000;
}
