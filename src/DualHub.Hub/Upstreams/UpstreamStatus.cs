namespace DualHub.Hub.Upstreams;

/// <summary>
/// A snapshot of one journal upstream for <c>/health</c> and self-metrics. The pending figures and the sent and
/// dropped counts are read together: a batch is either still pending or already counted, never both nor neither.
/// </summary>
/// <param name="Name">The upstream's name (a NATS upstream's: the node).</param>
/// <param name="Url">Where it sends: a URL without credentials, or a NATS subject.</param>
/// <param name="State">What it is doing.</param>
/// <param name="PendingSamples">Samples in the journal from its cursor on.</param>
/// <param name="PendingRecords">Journal records from its cursor on.</param>
/// <param name="LagSeconds">Age of the oldest pending record.</param>
/// <param name="LastError">The error of the last failed attempt; null once one succeeds.</param>
/// <param name="SamplesSent">Samples the upstream acknowledged.</param>
/// <param name="SamplesFailed">Samples refused for good (the same as <paramref name="SamplesDropped"/>).</param>
/// <param name="SamplesRetried">Samples in attempts that failed with a retryable error.</param>
/// <param name="SamplesDropped">Samples refused for good.</param>
/// <param name="SamplesDroppedByRetention">Samples the journal dropped before they were sent.</param>
/// <param name="Requests">Requests or messages sent, retries included.</param>
/// <param name="RequestsSent">Requests or messages the upstream acknowledged.</param>
/// <param name="RequestsRetried">Requests or messages that failed with a retryable error.</param>
public sealed record UpstreamStatus(
    string Name,
    string Url,
    UpstreamState State,
    long PendingSamples,
    long PendingRecords,
    double LagSeconds,
    string? LastError,
    long SamplesSent,
    long SamplesFailed,
    long SamplesRetried,
    long SamplesDropped,
    long SamplesDroppedByRetention,
    long Requests,
    long RequestsSent,
    long RequestsRetried);
